import { z } from "zod";
import { MAX_FAILED_RECORDS, type FailedRecordRow, type JobRow } from "../store/store";

/**
 * A batch's `FailedRecords` output: the records the external system rejected in that run and why,
 * as JSON text (Custom API outputs are scalars). Each item is bounded, and the job keeps at most
 * MAX_FAILED_RECORDS of them: the rest are counted (`failuresDropped`), so the list never grows with
 * the size of a sync and a retry of "only the failed records" knows when it cannot be complete.
 */

const text = (max: number) => z.string().transform((s) => s.slice(0, max));
const itemSchema = z.object({
  id: z.string().min(1).max(200),
  name: text(200).nullish(),
  reason: text(1000).default(""),
});

/** The valid items of a `FailedRecords` output; a malformed output names none (the counts still stand). */
export function parseFailedRecords(value: unknown): z.infer<typeof itemSchema>[] {
  if (typeof value !== "string" || value === "") return [];
  let items: unknown;
  try {
    items = JSON.parse(value);
  } catch {
    return [];
  }
  if (!Array.isArray(items)) return [];
  return items.flatMap((item) => {
    const parsed = itemSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Adds a run's failed records to the job's list: the rows to insert, and the job's new counts. */
export function addFailedRecords(job: JobRow, output: unknown): { job: JobRow; failures: FailedRecordRow[] } {
  const items = parseFailedRecords(output);
  if (items.length === 0) return { job, failures: [] };
  const room = Math.max(0, MAX_FAILED_RECORDS - job.failuresListed);
  const kept = items.slice(0, room).map((item, i) => ({
    jobId: job.id,
    position: job.failuresListed + i,
    recordId: item.id,
    name: item.name ?? null,
    reason: item.reason,
  }));
  return {
    job: {
      ...job,
      failuresListed: job.failuresListed + kept.length,
      failuresDropped: job.failuresDropped + items.length - kept.length,
    },
    failures: kept,
  };
}

/**
 * Why the failed records of `job` cannot be retried on their own, or null when they can: every
 * failed record must be on the list, or the retry would silently leave some out.
 */
export function retryRefusal(job: JobRow): string | null {
  if (job.status !== "succeeded" && job.status !== "failed" && job.status !== "canceled")
    return "The job is still running; retry its failed records once it has ended.";
  if (job.failed === 0 || job.failuresListed === 0) return "The job has no failed records to retry.";
  if (job.failuresDropped > 0)
    return `Only the first ${job.failuresListed} of the failed records were kept; run a full sync instead.`;
  if (job.failuresListed < job.failed)
    return `The plug-in named ${job.failuresListed} of the ${job.failed} failed records; run a full sync instead.`;
  return null;
}
