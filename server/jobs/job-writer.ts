import type { EventHub } from "../events/hub";
import {
  TERMINAL_JOB_STATUSES,
  type FailedRecordRow,
  type JobRow,
  type JobStatus,
  type NotificationRow,
  type OperationRow,
  type Store,
} from "../store/store";
import { createFieldsCache, encodeChange, jobFields, type JobFields } from "./job-change";
import { isJobTerminal } from "./transitions";

/**
 * Persists a job change and tells viewers about it. The event says what changed (job-change.ts),
 * serialized once here; it is stored before it is published, so a viewer that reconnects with
 * Last-Event-ID finds in the store everything it may have been sent.
 */
export interface JobWriter {
  /** Saves `job` (read at `job.version`) and the changed operations; returns the job at its new version. */
  write(
    job: JobRow,
    changed: OperationRow[],
    options?: { visible?: boolean; failures?: FailedRecordRow[] },
  ): Promise<JobRow>;
}

/**
 * `notify` names the outbox rows for a job that has just ended; they are saved in the same
 * transaction as the final state, so a crash can neither lose them nor send news of a state that
 * was never stored.
 */
export function createJobWriter(
  store: Store,
  hub: EventHub,
  notify?: { plan: (job: JobRow) => NotificationRow[]; saved: () => void },
): JobWriter {
  /**
   * Whether this write is the one that ends the job (not a later write to an ended job): the status
   * this process saved at the version read, else the stored one.
   */
  async function ends(job: JobRow, before: JobFields | undefined) {
    if (!notify || !isJobTerminal(job)) return false;
    const cached = before?.get("status");
    const stored = cached ? (JSON.parse(cached) as JobStatus) : (await store.getJob(job.id))?.status;
    return stored !== undefined && !TERMINAL_JOB_STATUSES.includes(stored);
  }
  const saved = createFieldsCache();
  return {
    async write(job, changed, options) {
      const fields = jobFields(job);
      const terminal = isJobTerminal(job);
      const before = saved.at(job.id, job.version);
      const event =
        (options?.visible ?? true) ? { data: encodeChange(fields, before, changed), terminal } : undefined;
      const notifications = notify && (await ends(job, before)) ? notify.plan(job) : undefined;
      const { seq } = await store.save({
        job,
        expectedVersion: job.version,
        operations: changed,
        event,
        notifications,
        failures: options?.failures,
      });
      if (terminal) saved.delete(job.id);
      else saved.set(job.id, job.version + 1, fields);
      // After the caller's next step (the next batch's start): no number of viewers delays it. Saves
      // of one job resolve in order and so do immediates, so viewers still get events in order.
      if (event && seq !== null) setImmediate(() => hub.publish({ seq, jobId: job.id, ...event }));
      if (notifications?.length) notify?.saved();
      return { ...job, version: job.version + 1 };
    },
  };
}
