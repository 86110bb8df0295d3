import * as React from "react";
import { Caption1, mergeClasses } from "@fluentui/react-components";
import type { ScheduleSummary } from "../api/schedule-summary";
import type { Formatter } from "../format";
import { statusText } from "../job-view";
import type { Strings } from "../strings";
import { useScheduleLineStyles } from "./ScheduleLine.styles";

export interface ScheduleLineProps {
  summary: ScheduleSummary | null;
  strings: Strings;
  format: Formatter;
  className?: string;
}

/** One line for a record that a schedule syncs: when the next run is due, and how the last one ended. */
export function ScheduleLine({
  summary,
  strings,
  format,
  className,
}: ScheduleLineProps): React.ReactElement | null {
  const styles = useScheduleLineStyles();
  if (summary === null) return null;
  const next =
    summary.nextRunAt === null
      ? strings.text("Schedule_Paused")
      : strings.format("Schedule_Next", format.dateTime(new Date(summary.nextRunAt)));
  const last =
    summary.lastRun === null
      ? null
      : strings.format("Schedule_Last", statusText(summary.lastRun.status, strings));
  return (
    <Caption1 className={mergeClasses(styles.root, className)} data-testid="bgsync-schedule">
      {last === null ? next : `${next}. ${last}`}
    </Caption1>
  );
}
