import type { JobRow, OperationRow } from "../store/store";
import { newOperation } from "./new-rows";
import { ENDED_CANCELED, ENDED_FAILED, State } from "./operation-state";
import { reconcileAt, type PollTimings } from "./poll-schedule";
import { isJobTerminal } from "./transitions";

/**
 * The transitions our side decides, beside the ones Dataverse reports (transitions.ts): a user's
 * cancel and resume, a start Dataverse refused, a batch the reconciler finds abandoned after a
 * cancel. Pure functions of (job, operations, now); callers load, lock, write and launch.
 */

export interface Refused {
  kind: "refused";
  /** Why the job's state does not allow it (a 409 for the caller). */
  reason: string;
}

const refused = (reason: string): Refused => ({ kind: "refused", reason });

const endOperation = (
  op: OperationRow,
  codes: typeof ENDED_CANCELED | typeof ENDED_FAILED,
  now: number,
): OperationRow => ({ ...op, ...codes, endedAt: now, nextCheckAt: null });

export type CancelStep =
  | Refused
  | { kind: "unchanged"; job: JobRow }
  | { kind: "ended"; job: JobRow; operations: OperationRow[] }
  | { kind: "canceling"; job: JobRow; backgroundOperationId: string };

/**
 * A user's cancel. A batch Dataverse has not been given yet ends here and now, and the job with it;
 * one Dataverse knows must be canceled there, and the job stays canceling until Dataverse reports
 * how the batch ended (a running batch finishes: a cancel only stops one that has not started).
 */
export function requestCancel(job: JobRow, operations: readonly OperationRow[], now: number): CancelStep {
  if (job.status === "canceling") return { kind: "unchanged", job };
  if (isJobTerminal(job)) return refused(`The job has already ended (${job.status}).`);
  const current = operations.filter((o) => o.stateCode !== State.Completed).at(-1);
  if (!current?.backgroundOperationId) {
    return {
      kind: "ended",
      job: { ...job, status: "canceled", endedAt: now },
      operations: current ? [endOperation(current, ENDED_CANCELED, now)] : [],
    };
  }
  return {
    kind: "canceling",
    job: { ...job, status: "canceling" },
    backgroundOperationId: current.backgroundOperationId,
  };
}

export type ResumeStep = Refused | { kind: "queued"; job: JobRow; operation: OperationRow };

/** A user's resume: a failed or canceled chain continues with a new batch from its last cursor. */
export function resumeJob(
  job: JobRow,
  operations: readonly OperationRow[],
  operationId: string,
  now: number,
  timings: Pick<PollTimings, "reconcileAfterSeconds">,
): ResumeStep {
  if (job.status !== "failed" && job.status !== "canceled")
    return refused(`Only a failed or canceled job can resume (this one is ${job.status}).`);
  if (!job.chained) return refused("This Custom API does not take part in chaining; start a new job.");
  const batch = Math.max(0, ...operations.map((o) => o.batch)) + 1;
  return {
    kind: "queued",
    job: {
      ...job,
      status: "queued",
      endedAt: null,
      error: null,
      // A job that ended before it ever started (its first start refused, or canceled while queued)
      // has no run time yet for the pause to be taken from.
      pausedMs:
        job.startedAt === null ? job.pausedMs : job.pausedMs + Math.max(0, now - (job.endedAt ?? now)),
    },
    operation: {
      ...newOperation(job, batch, job.cursor, operationId, now),
      nextCheckAt: reconcileAt(now, timings),
    },
  };
}

/**
 * The reconciler found a batch that never reached Dataverse on a job that is no longer queued or
 * running (a cancel came first): the batch ends canceled, and a canceling job with it.
 */
export function endAbandoned(
  job: JobRow,
  op: OperationRow,
  now: number,
): { job: JobRow; operation: OperationRow } {
  return {
    job: job.status === "canceling" ? { ...job, status: "canceled", endedAt: now } : job,
    operation: endOperation(op, ENDED_CANCELED, now),
  };
}

/** Dataverse refused to start a batch: the batch and the job end failed with Dataverse's error. */
export function failStart(
  job: JobRow,
  op: OperationRow,
  error: { code: string | null; upstreamStatus: number | null; message: string },
  now: number,
): { job: JobRow; operation: OperationRow } {
  const code = error.code ?? `HTTP ${error.upstreamStatus ?? "error"}`;
  return {
    job: { ...job, status: "failed", endedAt: now, error: { code, message: error.message, batch: op.batch } },
    operation: endOperation(op, ENDED_FAILED, now),
  };
}
