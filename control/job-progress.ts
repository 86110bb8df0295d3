import type { Job } from "./api/job";

/**
 * How far a job has got in records: the batches that ended (synced and failed) plus what the current
 * run has reported on its progress URL (docs/plugin-progress.md), so the bar moves within a batch
 * when the plug-in reports and between batches when it does not.
 */
export interface RecordsDone {
  done: number;
  total: number | null;
}

export function recordsDone(job: Job): RecordsDone {
  const open = job.operations.filter((operation) => operation.endedAt === null);
  const run = open[open.length - 1]?.progress ?? null;
  const done = job.progress.synced + job.progress.failed + (run?.done ?? 0);
  const total = job.progress.total ?? run?.total ?? null;
  // A run's report may count records the total leaves out (a retried run, a moving table).
  return { done: total !== null && total > 0 ? Math.min(done, total) : done, total };
}
