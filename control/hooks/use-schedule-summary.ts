import * as React from "react";
import type { JobsClient } from "../api/jobs-client";
import type { ScheduleSummary } from "../api/schedule-summary";

/**
 * The record's schedule summary, read when the record or the connection changes and again when the
 * shown job changes status (it may be a scheduled run). Informational only: a failure (an API
 * without schedules, a network error) shows nothing rather than an error.
 */
export function useScheduleSummary(
  client: JobsClient,
  record: { entityName: string; id: string },
  online: boolean,
  refresh: string | null,
): ScheduleSummary | null {
  const [summary, setSummary] = React.useState<ScheduleSummary | null>(null);
  React.useEffect(() => {
    if (!online) return;
    const abort = new AbortController();
    client.scheduleSummary({ entity: record.entityName, id: record.id }, abort.signal).then(
      (answer) => setSummary(answer.schedules > 0 ? answer : null),
      () => undefined,
    );
    return () => abort.abort();
  }, [client, record.entityName, record.id, online, refresh]);
  return summary;
}
