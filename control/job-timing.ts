import { isTerminal, runStart, type Job } from "./api/job";
import type { Formatter } from "./format";
import { recordsDone } from "./job-progress";
import type { Strings } from "./strings";

/** Dataverse runs a failed background operation up to 4 times (3 retries, docs/dataverse.md "Retries"). */
export const MAX_ATTEMPTS = 4;

/**
 * An estimate from the observed rate says little before this share of the records is done, or this
 * soon after the start: below both it is not shown.
 */
const MIN_FRACTION = 0.05;
const MIN_ELAPSED_MS = 10_000;

/** "Retrying batch 3, attempt 2 of 4" while Dataverse retries the current batch, when the job knows. */
export function describeRetry(job: Job, strings: Strings): string | null {
  if (isTerminal(job.status)) return null;
  const open = job.operations.filter((operation) => operation.endedAt === null);
  const current = open[open.length - 1];
  if (current === undefined || current.retryCount <= 0) return null;
  const attempt = Math.min(current.retryCount + 1, MAX_ATTEMPTS);
  return strings.format("Retry_Batch", current.batch, attempt, MAX_ATTEMPTS);
}

export interface TimingInput {
  job: Job;
  now: number;
  /** When the control last heard about the job. */
  updatedAt: number;
  /** What is shown may be out of date (reconnecting, polling, retrying, offline): say when it was true. */
  stale: boolean;
  /** False when the estimate would rest on nothing new (offline): no time left is said. */
  estimate?: boolean;
}

/**
 * "Elapsed 1 min 5 s · about 2 min left · last update 10:42 AM" for an active job; "Ended 12/8/2026
 * 10:42 AM" in the same line once it ended, which the summary does not say.
 */
export function describeTiming(input: TimingInput, strings: Strings, format: Formatter): string | null {
  const { job, now } = input;
  if (isTerminal(job.status))
    return job.endedAt === null ? null : strings.format("Time_Ended", format.dateTime(new Date(job.endedAt)));
  const elapsed = Math.max(0, now - runStart(job));
  const parts = [strings.format("Time_Elapsed", format.duration(elapsed))];
  const left = input.estimate === false ? null : timeLeft(job, elapsed);
  if (left !== null) parts.push(strings.format("Time_Left", format.duration(left)));
  if (input.stale) parts.push(strings.format("Time_LastUpdate", format.time(new Date(input.updatedAt))));
  return parts.join(" · ");
}

function timeLeft(job: Job, elapsed: number): number | null {
  const { done, total } = recordsDone(job);
  if (job.status !== "running" || total === null || total <= 0 || done <= 0 || done >= total) return null;
  if (done / total < MIN_FRACTION || elapsed < MIN_ELAPSED_MS) return null;
  return ((total - done) * elapsed) / done;
}
