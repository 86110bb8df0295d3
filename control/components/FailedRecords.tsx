import * as React from "react";
import { Body1, Button, Caption1, Spinner, mergeClasses, useId } from "@fluentui/react-components";
import type { FailuresPage } from "../api/jobs-client";
import { canRetryFailed, type Job } from "../api/job";
import type { Formatter } from "../format";
import type { Strings } from "../strings";
import { useFailedRecordsStyles } from "./FailedRecords.styles";

export interface FailedRecordsProps {
  job: Job;
  strings: Strings;
  format: Formatter;
  load: (jobId: string, signal: AbortSignal) => Promise<FailuresPage>;
  onRetry: () => void;
  /** A request is on its way: no second retry meanwhile. */
  busy: boolean;
  className?: string;
}

type Loaded = { state: "idle" | "loading" | "failed" } | { state: "loaded"; page: FailuresPage };

/**
 * Which records a finished job failed and why, behind a disclosure (read only when opened), and
 * "Retry failed records" when the API can run exactly those. When it cannot (the list was cut at
 * 500, or the plug-in named none) a line says so and points at a full sync.
 */
export function FailedRecords(props: FailedRecordsProps): React.ReactElement {
  const { job, strings, format } = props;
  const styles = useFailedRecordsStyles();
  const listId = useId("bgsync-failures-");
  const [open, setOpen] = React.useState(false);
  const [loaded, setLoaded] = React.useState<Loaded>({ state: "idle" });
  const pending = React.useRef<AbortController | null>(null);
  React.useEffect(() => () => pending.current?.abort(), []);
  const toggle = (): void => {
    setOpen(!open);
    // Read when first opened, and again on opening after a failed read.
    if (open || loaded.state === "loading" || loaded.state === "loaded") return;
    const abort = new AbortController();
    pending.current = abort;
    setLoaded({ state: "loading" });
    props.load(job.id, abort.signal).then(
      (page) => !abort.signal.aborted && setLoaded({ state: "loaded", page }),
      () => !abort.signal.aborted && setLoaded({ state: "failed" }),
    );
  };

  const failed = job.progress.failed;
  const listed = job.failedRecords?.listed ?? 0;
  const dropped = job.failedRecords?.dropped ?? 0;
  const note =
    listed === 0
      ? strings.text("Failures_Unnamed")
      : dropped > 0 || listed < failed
        ? strings.format("Failures_Dropped", format.count(listed), format.count(failed))
        : strings.format("Failures_Hint", format.count(failed));
  return (
    <div className={mergeClasses(styles.root, props.className)} data-testid="bgsync-failures">
      <Caption1 data-testid="bgsync-failures-note">{note}</Caption1>
      <div className={styles.actions}>
        {listed > 0 && (
          <Button
            aria-expanded={open}
            aria-controls={open ? listId : undefined}
            onClick={toggle}
            data-testid="bgsync-failures-toggle"
          >
            {open ? strings.text("Failures_Hide") : strings.format("Failures_Show", format.count(listed))}
          </Button>
        )}
        {canRetryFailed(job) && (
          <Button
            appearance="primary"
            disabledFocusable={props.busy}
            onClick={props.onRetry}
            data-testid="bgsync-retry-failed"
          >
            {strings.text("Failures_Retry")}
          </Button>
        )}
      </div>
      {open && <FailureList id={listId} loaded={loaded} strings={strings} />}
    </div>
  );
}

function FailureList(props: { id: string; loaded: Loaded; strings: Strings }): React.ReactElement {
  const { loaded, strings } = props;
  const styles = useFailedRecordsStyles();
  if (loaded.state !== "loaded")
    return (
      <div id={props.id} role="status" data-testid="bgsync-failures-list" data-state={loaded.state}>
        {loaded.state === "failed" ? (
          <Caption1>{strings.text("Failures_Unavailable")}</Caption1>
        ) : (
          <Spinner size="tiny" label={strings.text("Failures_Loading")} />
        )}
      </div>
    );
  return (
    // Focusable, so a keyboard can scroll a long list (WCAG 2.1.1; axe scrollable-region-focusable).
    <div
      id={props.id}
      role="region"
      aria-label={strings.text("Failures_Title")}
      tabIndex={0}
      className={styles.region}
      data-testid="bgsync-failures-list"
      data-state="loaded"
    >
      <ul className={styles.list}>
        {loaded.page.items.map((item, index) => (
          <li key={`${item.id}:${index}`} className={styles.item} data-record-id={item.id}>
            <Body1>{item.name ?? item.id}</Body1>
            <Caption1 className={styles.reason}>{item.reason}</Caption1>
          </li>
        ))}
      </ul>
    </div>
  );
}
