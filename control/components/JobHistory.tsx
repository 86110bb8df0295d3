import * as React from "react";
import { Badge, Caption1, mergeClasses, Subtitle2 } from "@fluentui/react-components";
import type { Job } from "../api/job";
import type { Formatter } from "../format";
import { describeJob, jobDuration } from "../job-view";
import type { Strings } from "../strings";
import { useJobHistoryStyles } from "./JobHistory.styles";
import { StatusIcon } from "./StatusIcon";

export interface JobHistoryProps {
  jobs: Job[];
  rows: number;
  compact: boolean;
  strings: Strings;
  format: Formatter;
  className?: string;
}

/** The record's recent jobs: status, who, when, how long, counts. */
export function JobHistory({
  jobs,
  rows,
  compact,
  strings,
  format,
  className,
}: JobHistoryProps): React.ReactElement {
  const styles = useJobHistoryStyles();
  const headingId = "bgsync-history-title";
  return (
    <section
      className={mergeClasses(styles.root, className)}
      aria-labelledby={headingId}
      data-testid="bgsync-history"
    >
      <Subtitle2 as="h3" id={headingId} className={styles.title}>
        {strings.text("History_Title")}
      </Subtitle2>
      {jobs.length === 0 ? (
        <Caption1 className={styles.meta}>{strings.text("History_Empty")}</Caption1>
      ) : (
        <ul className={styles.list} aria-labelledby={headingId}>
          {jobs.slice(0, rows).map((job) => {
            const view = describeJob(job, strings, format);
            const duration = jobDuration(job);
            const parts = [
              `${strings.text("History_By")} ${job.requestedBy.name}`,
              `${strings.text("History_When")} ${format.dateTime(new Date(job.startedAt ?? job.createdAt))}`,
              duration === null ? null : `${strings.text("History_Duration")} ${format.duration(duration)}`,
              strings.format("Summary_Synced", format.count(job.progress.synced)),
              job.progress.failed > 0
                ? strings.format("Summary_Failed", format.count(job.progress.failed))
                : null,
            ];
            return (
              <li
                key={job.id}
                className={mergeClasses(styles.row, compact && styles.compactRow)}
                data-job-id={job.id}
              >
                <Badge
                  className={styles.status}
                  appearance="tint"
                  color={view.tone}
                  icon={<StatusIcon status={job.status} />}
                >
                  {view.statusText}
                </Badge>
                <Caption1 className={styles.meta}>
                  {parts.filter((part) => part !== null).join(" · ")}
                </Caption1>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
