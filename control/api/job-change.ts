import type { Job, JobOperation } from "./job";

/**
 * An SSE `change` event: the job's top-level fields that changed and the operations written, whole.
 * The stream starts with the whole job (`job` event); each change applies on top of it, in order.
 */
export interface JobChange {
  job?: Partial<Omit<Job, "operations">>;
  operations?: JobOperation[];
}

/** The job after `change`: changed fields replaced, operations replaced or added by batch number. */
export function applyJobChange(job: Job, change: JobChange): Job {
  const next: Job = { ...job, ...change.job, operations: job.operations };
  if (!change.operations?.length) return next;
  const operations = [...job.operations];
  for (const op of change.operations) {
    const at = operations.findIndex((o) => o.batch >= op.batch);
    if (at === -1) operations.push(op);
    else if (operations[at]!.batch === op.batch) operations[at] = op;
    else operations.splice(at, 0, op);
  }
  return { ...next, operations };
}
