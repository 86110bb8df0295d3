import type { WithLock } from "../jobs/keyed-mutex";
import type { JobWriter } from "../jobs/job-writer";
import { isTerminal } from "../jobs/operation-state";
import { isJobTerminal } from "../jobs/transitions";
import type { Store } from "../store/store";
import { withProgress, type ProgressReport } from "./progress-report";

/**
 * Stores one merged progress report on its operation, under the job's lock like every other
 * change, and tells viewers (the change event carries the operation). Reports for an operation or
 * job that has ended are dropped: the plug-in may still be posting while Dataverse reports the end.
 */
export function createProgressWriter(d: { store: Store; writer: JobWriter; withLock: WithLock }) {
  return async function writeProgress(operationId: string, report: ProgressReport): Promise<void> {
    const first = await d.store.getOperation(operationId);
    if (!first) return;
    await d.withLock(first.jobId, async () => {
      const found = await d.store.getOperationWithJob(operationId);
      if (!found) return;
      const { operation: op, job } = found;
      const next = withProgress(op, isTerminal(op.stateCode) || isJobTerminal(job), report);
      if (next) await d.writer.write(job, [next]);
    });
  };
}
