import * as React from "react";
import {
  Badge,
  Caption1,
  mergeClasses,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
} from "@fluentui/react-components";
import type { JobView, StatusTone } from "../job-view";
import { useJobStatusStyles } from "./JobStatus.styles";
import { StatusIcon } from "./StatusIcon";

export interface JobStatusProps {
  view: JobView;
  /** The group's accessible name ("Sync status"). */
  label: string;
  /** "Retrying batch 3, attempt 2 of 4": progress is not healthy then, and says so first. */
  retry?: string | null;
  /** "Elapsed 1 min 5 s · about 2 min left · last update 10:42 AM". */
  timing?: string | null;
  /** Where focus goes after the user's own start, resume or cancel: text, so a second Enter does nothing. */
  statusRef?: React.Ref<HTMLDivElement>;
  className?: string;
}

/** The status of one job: status in words, progress, result or error. */
export function JobStatus(props: JobStatusProps): React.ReactElement {
  const { view, label, statusRef, className, retry, timing } = props;
  const styles = useJobStatusStyles();
  const { error, progress } = view;
  // A bar moving in the brand colour says all is well: not while Dataverse runs the batch again.
  const bar = barLook(view, retry, styles);
  return (
    <div
      ref={statusRef}
      role="group"
      aria-label={label}
      tabIndex={-1}
      className={mergeClasses(styles.root, className)}
      data-testid="bgsync-status"
      data-status={view.status}
      data-kind={view.kind}
    >
      <div className={styles.header}>
        <Badge
          appearance="tint"
          color={view.tone}
          size="large"
          icon={<StatusIcon status={view.kind} />}
          data-testid="bgsync-status-text"
        >
          {view.statusText}
        </Badge>
      </div>
      {retry != null && (
        <Caption1 className={styles.retry} data-testid="bgsync-retry">
          {retry}
        </Caption1>
      )}
      {/* The same rows whatever the state, so the control keeps its height as the job ends. */}
      <Caption1 className={styles.detail} data-testid={view.active ? "bgsync-progress" : "bgsync-summary"}>
        {progress.label}
      </Caption1>
      <ProgressBar
        value={progress.fraction}
        max={1}
        thickness="large"
        color={bar.color}
        className={styles.track}
        bar={{ className: bar.fill }}
        data-color={bar.name}
        aria-label={progress.label}
        data-testid="bgsync-progressbar"
      />
      {timing != null && (
        <Caption1 className={styles.detail} data-testid="bgsync-time">
          {timing}
        </Caption1>
      )}
      {error !== null && (
        <MessageBar intent="error" layout="multiline" className={styles.error} data-testid="bgsync-error">
          <MessageBarBody>
            <MessageBarTitle>{error.title}</MessageBarTitle>
            {error.lines.map((line, index) => (
              <div key={index}>{line}</div>
            ))}
            <Caption1 className={styles.errorMeta}>{error.details}</Caption1>
          </MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}

type FillClass = keyof ReturnType<typeof useJobStatusStyles>;

/** An ended job's bar: the colour it says (`data-color`, after its badge) and the class painting it. */
const ENDED = {
  informative: ["brand", null],
  brand: ["brand", null],
  subtle: ["neutral", "endedNeutral"],
  success: ["success", "endedSuccess"],
  warning: ["warning", "endedWarning"],
  danger: ["error", "endedError"],
} as const satisfies Record<StatusTone, readonly [string, FillClass | null]>;

/** Fluent's `color` paints a running determinate bar; an ended one, and a moving retry, need a class. */
function barLook(view: JobView, retry: string | null | undefined, styles: Record<FillClass, string>) {
  if (view.active) {
    const name = retry != null ? "warning" : "brand";
    return { color: name, name, fill: retry != null ? styles.retryBar : undefined } as const;
  }
  const [name, fill] = ENDED[view.tone];
  return { color: "brand", name, fill: fill === null ? undefined : styles[fill] } as const;
}
