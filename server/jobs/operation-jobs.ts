/**
 * Which job each operation belongs to, as far as this process has seen. An operation never changes
 * job, so an entry is never stale: a callback names only its operation, and knowing the job spares
 * a store read before the job's lock (the read under the lock still has the truth). A job removed
 * since is found missing under the lock, as if unknown. The oldest entries go beyond `max`.
 */
export function createOperationJobs(max = 10_000) {
  const jobs = new Map<string, string>();
  return {
    get: (operationId: string) => jobs.get(operationId),
    remember(operationId: string, jobId: string) {
      jobs.delete(operationId);
      jobs.set(operationId, jobId);
      if (jobs.size > max) jobs.delete(jobs.keys().next().value!);
    },
  };
}

export type OperationJobs = ReturnType<typeof createOperationJobs>;
