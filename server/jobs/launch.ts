import type { CallbackSigner } from "../callbacks/signing";
import type { Clock } from "../clock";
import type { DataverseClient } from "../dataverse/client";
import { DataverseError, DataverseTimeoutError, mayHaveReachedDataverse } from "../dataverse/errors";
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

/**
 * Starts whose outcome stayed unknown, with no earlier attempt found before each retry, after which
 * the batch fails: Dataverse answering 5xx every time is an outage, not a lost answer.
 */
export const MAX_UNCERTAIN_STARTS = 3;

/**
 * What a batch sends: the job's parameters, and from the second batch on the cursor to go on from.
 * The launcher adds the batch's progress URL when the Custom API takes one.
 */
export const batchInputs = (job: JobRow, op: OperationRow): Record<string, unknown> =>
  op.cursor ? { ...job.parameters, Cursor: op.cursor } : job.parameters;

export function createLauncher(d: {
  dataverse: DataverseClient;
  signer: CallbackSigner;
  writer: JobWriter;
  clock: Clock;
  logger: Logger;
  timings: Pick<PollTimings, "reconcileAfterSeconds">;
}): Launch {
  const checkAt = () => reconcileAt(d.clock.now(), d.timings);

  /**
   * Sends one batch to Dataverse. A refusal ends the job (`rethrow` lets a request report it too).
   * An ambiguous failure leaves the batch to the reconciler, which first looks for the attempt in
   * Dataverse (adopt.ts) and starts it again only if it is not there: the job stays queued.
   */
  return async function launch(job, op, rethrow) {
    try {
      const { backgroundOperationId } = await d.dataverse.startBackgroundOperation({
        customApi: job.customApi,
        // Only to a Custom API that declares it: Dataverse refuses an input it does not know.
        parameters: job.takesProgressUrl
          ? { ...batchInputs(job, op), ProgressUrl: d.signer.progressUrlFor(op.id, op.createdAt) }
          : batchInputs(job, op),
        callbackUrl: d.signer.urlFor(op.id),
        callerObjectId: job.requestedByOid,
      });
      return await d.writer.write(acceptBatch(job), [
        { ...op, backgroundOperationId, nextCheckAt: checkAt() },
      ]);
    } catch (error) {
      if (!(error instanceof DataverseError || error instanceof DataverseTimeoutError)) throw error;
      d.logger.warn({ jobId: job.id, operationId: op.id, err: error }, "starting a batch failed");
      const uncertain = op.checks + 1;
      if (mayHaveReachedDataverse(error) && uncertain < MAX_UNCERTAIN_STARTS) {
        const pending = { ...op, checks: uncertain, nextCheckAt: checkAt() };
        return d.writer.write(job, [pending], { visible: false });
      }
      const reason =
        error instanceof DataverseError ? error : { code: null, upstreamStatus: 504, message: error.message };
      const failed = failStart(job, op, reason, d.clock.now());
      job = await d.writer.write(failed.job, [failed.operation]);
      if (rethrow) throw error;
      return job;
    }
  };
}
