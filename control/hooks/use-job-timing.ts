import { isTerminal } from "../api/job";
import type { ConnectionState } from "../api/job-stream";
import type { Formatter } from "../format";
import { describeRetry, describeTiming } from "../job-timing";
import type { SyncState } from "../state/sync-reducer";
import type { Strings } from "../strings";
import { useNow } from "./use-now";

/** A live stream is the normal case and says nothing; only a degraded one is worth a line. */
export function isDegraded(connection: ConnectionState): boolean {
  return connection === "reconnecting" || connection === "polling";
}

/**
 * The retry under way and the time line of the job on screen, ticking every second while it runs.
 * Offline, nothing new arrives: the line says when what is shown was true, and estimates no time
 * left (it would only grow while the sync, unseen, goes on).
 */
export function useJobTiming(state: SyncState, strings: Strings, format: Formatter, online: boolean) {
  const job = state.job;
  const now = useNow(job !== null && !isTerminal(job.status));
  if (job === null) return { retry: null, timing: null };
  const retry = describeRetry(job, strings);
  const stale = retry !== null || isDegraded(state.connection) || !online;
  const timing = describeTiming(
    { job, now, updatedAt: state.updatedAt ?? now, stale, estimate: online },
    strings,
    format,
  );
  return { retry, timing };
}
