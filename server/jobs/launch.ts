import type { CallbackSigner } from "../callbacks/signing";
import type { Clock } from "../clock";
import type { DataverseClient } from "../dataverse/client";
import { DataverseError, DataverseTimeoutError } from "../dataverse/errors";
import type { Logger } from "../logger";
import type { JobRow, OperationRow } from "../store/store";
import { failStart } from "./command-transitions";
import type { JobWriter } from "./job-writer";
import { reconcileAt, type PollTimings } from "./poll-schedule";
import { acceptBatch } from "./transitions";

/**
 * Starting one batch: the Custom API goes to Dataverse as a background operation, on behalf of the
 * job's requester, with a signed callback URL that names our operation.
 */

export type Launch = (job: JobRow, op: OperationRow, rethrow: boolean) => Promise<JobRow>;

export function createLauncher(d: {
  dataverse: DataverseClient;
  signer: CallbackSigner;
  writer: JobWriter;
  clock: Clock;
  logger: Logger;
  timings: Pick<PollTimings, "reconcileAfterSeconds">;
}): Launch {
  const checkAt = () => reconcileAt(d.clock.now(), d.timings);

  /** Sends one batch to Dataverse. Failures end the job; `rethrow` lets a request report them too. */
  return async function launch(job, op, rethrow) {
    const parameters = op.cursor ? { ...job.parameters, Cursor: op.cursor } : job.parameters;
    try {
      const { backgroundOperationId } = await d.dataverse.startBackgroundOperation({
        customApi: job.customApi,
        parameters,
        callbackUrl: d.signer.urlFor(op.id),
        callerObjectId: job.requestedByOid,
      });
      return await d.writer.write(acceptBatch(job), [
        { ...op, backgroundOperationId, nextCheckAt: checkAt() },
      ]);
    } catch (error) {
      if (!(error instanceof DataverseError || error instanceof DataverseTimeoutError)) throw error;
      if (error instanceof DataverseTimeoutError) {
        // The start may have reached Dataverse: its callback (which names the operation) or, failing
        // that, a relaunch by the reconciler after the grace period settles it.
        job = await d.writer.write(job, [{ ...op, nextCheckAt: checkAt() }], { visible: false });
      } else {
        const failed = failStart(job, op, error, d.clock.now());
        job = await d.writer.write(failed.job, [failed.operation]);
      }
      d.logger.warn({ jobId: job.id, operationId: op.id, err: error }, "starting a batch failed");
      if (rethrow) throw error;
      return job;
    }
  };
}
