import { encodeChange, jobFields } from "../jobs/job-change";
import { TERMINAL_JOB_STATUSES, type Store } from "../store/store";

/** A job that keeps being resumed while it is compacted is left for the next pass. */
const ATTEMPTS = 3;

/**
 * Leaves a finished job one event: the whole job as a single change (every field, every
 * operation). A viewer reconnecting from any earlier event applies it and has the job exactly as
 * `GET /api/jobs/{id}` shows it. Resolves how many events were removed (none for a job gone), or
 * null when the job was left as it is: not ended (resumed meanwhile), or saved again on every try.
 *
 * It takes no job lock: the store compacts only if the job is still at the version read here, and
 * the job is read before its operations, so any save in between (a resume, on any instance) moves
 * the version and the snapshot is made again.
 */
export async function compactJobEvents(store: Store, jobId: string): Promise<number | null> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const job = await store.getJob(jobId);
    if (!job) return 0;
    if (!TERMINAL_JOB_STATUSES.includes(job.status)) return null;
    const operations = await store.listOperations(jobId);
    const whole = encodeChange(jobFields(job), undefined, operations);
    const removed = await store.compactEvents(jobId, job.version, whole);
    if (removed !== null) return removed;
  }
  return null;
}
