import type { EventHub } from "../events/hub";
import type { JobRow, OperationRow, Store } from "../store/store";
import { toJobJson } from "./job-json";
import { isJobTerminal } from "./transitions";

/**
 * Persists a job change and tells viewers about it. The event carries the job's JSON, serialized
 * once here; it is stored before it is published, so a viewer that reconnects with Last-Event-ID
 * finds in the store everything it may have been sent.
 */
export interface JobWriter {
  /** Saves `job` (read at `job.version`) and the changed operations; returns the job at its new version. */
  write(job: JobRow, changed: OperationRow[], options?: { visible?: boolean }): Promise<JobRow>;
}

export function createJobWriter(store: Store, hub: EventHub): JobWriter {
  return {
    async write(job, changed, options) {
      const visible = options?.visible ?? true;
      let event: { data: string; terminal: boolean } | undefined;
      if (visible) {
        const current = await store.listOperations(job.id);
        const byId = new Map(current.map((o) => [o.id, o]));
        for (const op of changed) byId.set(op.id, op);
        event = { data: JSON.stringify(toJobJson(job, [...byId.values()])), terminal: isJobTerminal(job) };
      }
      const { seq } = await store.save({ job, expectedVersion: job.version, operations: changed, event });
      if (event && seq !== null) hub.publish({ seq, jobId: job.id, ...event });
      return { ...job, version: job.version + 1 };
    },
  };
}
