import { encodeChange, jobFields } from "../jobs/job-change";
import type { Store } from "../store/store";

/**
 * Leaves a finished job one event: the whole job as a single change (every field, every
 * operation). A viewer reconnecting from any earlier event applies it and has the job exactly as
 * `GET /api/jobs/{id}` shows it. Resolves how many events were removed.
 */
export async function compactJobEvents(store: Store, jobId: string): Promise<number> {
  const [job, operations] = await Promise.all([store.getJob(jobId), store.listOperations(jobId)]);
  if (!job) return 0;
  return store.compactEvents(jobId, encodeChange(jobFields(job), undefined, operations));
}
