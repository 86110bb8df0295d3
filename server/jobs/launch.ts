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

/** A start on its way to Dataverse: its answer, or why there is none. */
export type SentStart = Promise<{ backgroundOperationId: string }>;

export interface Launcher {
  launch: Launch;
  /** Sends the batch's start and returns at once: the request is under way. */
  send(job: JobRow, op: OperationRow): SentStart;
  /** Waits for a sent start's answer and records it; `job` is the job as last saved. */
  record(job: JobRow, op: OperationRow, sent: SentStart, rethrow: boolean): Promise<JobRow>;
}

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
  /** Told of every batch whose Dataverse id this process recorded (hand-off.ts). */
  onStarted?: (op: OperationRow) => void;
}): Launcher {
  const checkAt = () => reconcileAt(d.clock.now(), d.timings);

  const send = (job: JobRow, op: OperationRow): SentStart =>
    d.dataverse.startBackgroundOperation({
      customApi: job.customApi,
      // Only to a Custom API that declares it: Dataverse refuses an input it does not know.
      parameters: job.takesProgressUrl
        ? { ...batchInputs(job, op), ProgressUrl: d.signer.progressUrlFor(op.id, op.createdAt) }
        : batchInputs(job, op),
      callbackUrl: d.signer.urlFor(op.id),
      callerObjectId: job.requestedByOid,
    });

  /**
   * A refusal ends the job (`rethrow` lets a request report it too). An ambiguous failure leaves the
   * batch to the reconciler, which first looks for the attempt in Dataverse (adopt.ts) and starts it
   * again only if it is not there: the job stays queued.
   */
  async function record(job: JobRow, op: OperationRow, sent: SentStart, rethrow: boolean) {
    try {
      const { backgroundOperationId } = await sent;
      const saved = await d.writer.write(acceptBatch(job), [
        { ...op, backgroundOperationId, nextCheckAt: checkAt() },
      ]);
      d.onStarted?.(op);
      return saved;
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
  }

  return {
    send,
    record,
    /** Sends one batch to Dataverse and records the answer. */
    launch: (job, op, rethrow) => record(job, op, send(job, op), rethrow),
  };
}
