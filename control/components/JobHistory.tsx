import * as React from "react";
import { Badge, Body1Strong, Button, Caption1, mergeClasses, useId } from "@fluentui/react-components";
import type { Job } from "../api/job";
import type { Formatter } from "../format";
import { describeJob, jobDuration } from "../job-view";
import type { Strings } from "../strings";
import { useJobHistoryStyles } from "./JobHistory.styles";
import { StatusIcon } from "./StatusIcon";

export interface JobHistoryProps {
  /** The record's jobs, newest first, without the one the status above already shows. */
  jobs: Job[];
  /** Whether `jobs` is what the API said; "failed" is never shown as an empty history. */
  state: "loading" | "loaded" | "failed";
  /** The status above shows a job: an empty list then means "no earlier syncs", not "none at all". */
  hasCurrent: boolean;
  /** Everything the API was asked for came back: the count may be larger. */
  more: boolean;
  rows: number;
  compact: boolean;
  strings: Strings;
  format: Formatter;
  className?: string;
}

/** The record's recent jobs: status, who, when, how long, counts, and why a failed one failed. */
export function JobHistory(props: JobHistoryProps): React.ReactElement {
  const { jobs, strings, format } = props;
  const styles = useJobHistoryStyles();
  const headingId = useId("bgsync-history-");
  const [shown, setShown] = React.useState(props.rows);
  const visible = jobs.slice(0, shown);
  const total = `${jobs.length}${props.more ? "+" : ""}`;
  return (
    <section
      className={mergeClasses(styles.root, props.className)}
      aria-labelledby={headingId}
      data-testid="bgsync-history"
      data-state={props.state}
    >
      <div className={styles.header}>
        <Body1Strong as="h3" id={headingId} className={styles.title}>
          {strings.text("History_Title")}
        </Body1Strong>
        {props.state === "loaded" && jobs.length > 0 && (
          <Caption1 className={styles.meta} data-testid="bgsync-history-count">
            {strings.format("History_Count", visible.length, total)}
          </Caption1>
        )}
      </div>
      {props.state !== "loaded" || jobs.length === 0 ? (
        <Caption1 className={styles.meta}>
          {strings.text(
            props.state === "loaded" && props.hasCurrent ? "History_NoOthers" : EMPTY_TEXT[props.state],
          )}
        </Caption1>
      ) : (
        <ul className={styles.list} aria-labelledby={headingId}>
          {visible.map((job) => (
            <HistoryRow key={job.id} job={job} compact={props.compact} strings={strings} format={format} />
          ))}
        </ul>
      )}
      {props.state === "loaded" && visible.length < jobs.length && (
        <Button appearance="subtle" size="small" onClick={() => setShown(shown + props.rows)}>
          {strings.text("History_ShowMore")}
        </Button>
      )}
    </section>
  );
}

const EMPTY_TEXT = {
  loading: "History_Loading",
  loaded: "History_Empty",
  failed: "History_Unavailable",
} as const;

function HistoryRow(props: { job: Job; compact: boolean; strings: Strings; format: Formatter }) {
  const { job, strings, format } = props;
  const styles = useJobHistoryStyles();
  const view = describeJob(job, strings, format);
  const duration = jobDuration(job);
  const parts = [
    `${strings.text("History_By")} ${job.requestedBy.name}`,
    `${strings.text("History_When")} ${format.dateTime(new Date(job.startedAt ?? job.createdAt))}`,
    duration === null ? null : `${strings.text("History_Duration")} ${format.duration(duration)}`,
    strings.format("Summary_Synced", format.count(job.progress.synced)),
    job.progress.failed > 0 ? strings.format("Summary_Failed", format.count(job.progress.failed)) : null,
  ].filter((part) => part !== null);
  return (
    <li className={mergeClasses(styles.row, props.compact && styles.compactRow)} data-job-id={job.id}>
      <Badge
        className={styles.status}
        appearance="tint"
        color={view.tone}
        icon={<StatusIcon status={view.kind} />}
      >
        {view.statusText}
      </Badge>
      <Caption1 className={styles.meta}>
        {parts.map((part, index) => (
          // Each part stays on one line ("Duration 17 s" never breaks at 320 px); the row wraps between them.
          <React.Fragment key={index}>
            {index > 0 && " · "}
            <span className={styles.part}>{part}</span>
          </React.Fragment>
        ))}
      </Caption1>
      {view.error !== null && <Caption1 className={styles.reason}>{view.error.message}</Caption1>}
    </li>
  );
}
