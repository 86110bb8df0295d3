import type { CallbackSigner } from "../callbacks/signing";
import type { Clock } from "../clock";
import type { DataverseClient } from "../dataverse/client";
import { DataverseError, DataverseTimeoutError } from "../dataverse/errors";
import type { Logger } from "../logger";
import type { JobRow, OperationRow } from "../store/store";
import type { JobWriter } from "./job-writer";
import { State, Status } from "./operation-state";

/**
 * Starting one batch: the Custom API goes to Dataverse as a background operation, on behalf of the
 * job's requester, with a signed callback URL that names our operation.
 */
export function createLauncher(d: {
  dataverse: DataverseClient;
  signer: CallbackSigner;
  writer: JobWriter;
  clock: Clock;
  logger: Logger;
  /** How long to wait for a callback before the reconciler looks. */
  graceMs: number;
}) {
  const now = () => d.clock.now();

  /** Sends one batch to Dataverse. Failures end the job; `rethrow` lets a request report them too. */
  return async function launch(job: JobRow, op: OperationRow, rethrow: boolean): Promise<JobRow> {
    const parameters = op.cursor ? { ...job.parameters, Cursor: op.cursor } : job.parameters;
    try {
      const { backgroundOperationId } = await d.dataverse.startBackgroundOperation({
        customApi: job.customApi,
        parameters,
        callbackUrl: d.signer.urlFor(op.id),
        callerObjectId: job.requestedByOid,
      });
      return await d.writer.write(job, [{ ...op, backgroundOperationId, nextCheckAt: now() + d.graceMs }]);
    } catch (error) {
      if (!(error instanceof DataverseError || error instanceof DataverseTimeoutError)) throw error;
      if (error instanceof DataverseTimeoutError) {
        // The start may have reached Dataverse: its callback (which names the operation) or, failing
        // that, a relaunch by the reconciler after the grace period settles it.
        job = await d.writer.write(job, [{ ...op, nextCheckAt: now() + d.graceMs }], { visible: false });
      } else {
        const failedOp = {
          ...op,
          stateCode: State.Completed,
          statusCode: Status.Failed,
          endedAt: now(),
          nextCheckAt: null,
        };
        const code = error.code ?? `HTTP ${error.upstreamStatus ?? "error"}`;
        job = await d.writer.write(
          {
            ...job,
            status: "failed",
            endedAt: now(),
            error: { code, message: error.message, batch: op.batch },
          },
          [failedOp],
        );
      }
      d.logger.warn({ jobId: job.id, operationId: op.id, err: error.message }, "starting a batch failed");
      if (rethrow) throw error;
      return job;
    }
  };
}
