import type { OperationDetails, OperationSnapshot } from "../dataverse/client";
import { TERMINAL_JOB_STATUSES, type FailedRecordRow, type JobRow, type OperationRow } from "../store/store";
import { addFailedRecords } from "./failed-records";
import { newOperation } from "./new-rows";
import { isTerminal, outcomeOf, rankOf, State } from "./operation-state";

/**
 * The job state machine as pure functions of (job, operation, observation, now). Every way a job
 * changes goes through here, so the rules "never backwards, never counted twice" live in one place.
 */

export interface Transition {
  job: JobRow;
  operation: OperationRow;
  /** The next batch to start, when the chain continues. */
  next: OperationRow | null;
  /** Whether viewers should hear about it (false: only bookkeeping such as the next check time). */
  visible: boolean;
  /** Failed records the batch named, to add to the job's list (failed-records.ts). */
  failures?: FailedRecordRow[];
}

export const isJobTerminal = (job: JobRow) => TERMINAL_JOB_STATUSES.includes(job.status);

const count = (v: unknown) => {
  const n = typeof v === "string" ? Number(v) : v;
  return typeof n === "number" && Number.isInteger(n) && n >= 0 ? n : null;
};

/**
 * Applies what Dataverse reported about one operation. `nextId` names the next batch if one starts.
 * `details` is what only the `backgroundoperation` row tells: the retries so far (news while the
 * batch runs), and at the end Dataverse's own run times and the outputs a canceled run still produced.
 */
export function applySnapshot(
  job: JobRow,
  op: OperationRow,
  snap: OperationSnapshot,
  now: number,
  nextId: string,
  details: OperationDetails | null = null,
): Transition {
  const forward = rankOf(snap.stateCode, snap.statusCode) > rankOf(op.stateCode, op.statusCode);
  // Dataverse says nothing when it retries a failed run: a read that finds more retries is news,
  // even when the state is one already seen (2/20 again) or one it never goes back to (0/0 in backoff).
  const retried = details !== null && details.retryCount > op.retryCount;
  if (isTerminal(op.stateCode) || (!forward && !retried)) {
    return { job, operation: op, next: null, visible: false };
  }
  const operation: OperationRow = {
    ...op,
    ...(forward ? { stateCode: snap.stateCode, statusCode: snap.statusCode } : {}),
    retryCount: retried ? details.retryCount : op.retryCount,
    startedAt: op.startedAt ?? (snap.stateCode === State.Ready ? null : now),
  };
  const j: JobRow = { ...job };
  if (!isTerminal(snap.stateCode)) {
    if (j.status === "queued" && snap.stateCode === State.Locked) {
      j.status = "running";
      j.startedAt ??= now;
    }
    return { job: isJobTerminal(job) ? job : j, operation, next: null, visible: true };
  }
  // Dataverse sends nothing when a run starts: its own start and end times are the truth, our
  // observations only stand in for them when the row could not be read.
  operation.startedAt = details?.startTime ?? operation.startedAt;
  operation.endedAt = details?.endTime ?? now;
  operation.nextCheckAt = null;
  if (isJobTerminal(job)) return { job, operation, next: null, visible: true };
  j.startedAt = jobStart(job, op, operation.startedAt) ?? now;
  const end = Math.max(operation.endedAt, j.startedAt);
  const outcome = outcomeOf(snap.statusCode);
  if (outcome === "succeeded") return succeed(j, operation, snap.outputs, end, now, nextId);
  if (outcome === "canceled" && details && producedOutputs(details.outputs)) {
    // A cancel does not stop a running batch: it finished, and the row keeps what it returned (the
    // monitor shows outputs only for 30). Counted here once: the operation is terminal from now on.
    return succeed({ ...j, status: "canceling" }, operation, details.outputs, end, now, nextId);
  }
  j.endedAt = end;
  if (outcome === "canceled") j.status = "canceled";
  else {
    j.status = job.status === "canceling" ? "canceled" : "failed";
    j.error = {
      code: snap.errorCode ?? "unknown",
      message: snap.errorMessage ?? "The background operation failed.",
      batch: op.batch,
    };
  }
  return { job: j, operation, next: null, visible: true };
}

/**
 * Dataverse accepted a batch (it answered with the operation's id). It reports nothing when the run
 * starts, only when it ends, so without this a one-batch job never showed "running" and a first
 * batch being retried showed "queued" for minutes (issue 14, item 1). `startedAt` stays Dataverse's
 * own start, which arrives with the end of the batch.
 */
export function acceptBatch(job: JobRow): JobRow {
  return job.status === "queued" ? { ...job, status: "running" } : job;
}

/**
 * The job started when its earliest operation did. A start we only observed for this very operation
 * (a poll that saw it running) gives way to Dataverse's; otherwise the earliest known start stays.
 */
function jobStart(job: JobRow, op: OperationRow, opStart: number | null): number | null {
  if (opStart === null) return job.startedAt;
  if (job.startedAt === null || job.startedAt === op.startedAt) return opStart;
  return Math.min(job.startedAt, opStart);
}

const producedOutputs = (outputs: Record<string, unknown>) =>
  ["SyncedCount", "FailedCount", "NextCursor"].some((k) => k in outputs);

function succeed(
  counted: JobRow,
  operation: OperationRow,
  outputs: Record<string, unknown>,
  end: number,
  now: number,
  nextId: string,
): Transition {
  const { job: j, failures } = addFailedRecords(counted, outputs.FailedRecords);
  return { ...chain(j, operation, outputs, end, now, nextId), failures };
}

function chain(
  j: JobRow,
  operation: OperationRow,
  outputs: Record<string, unknown>,
  end: number,
  now: number,
  nextId: string,
): Transition {
  j.synced += count(outputs.SyncedCount) ?? 0;
  j.failed += count(outputs.FailedCount) ?? 0;
  j.total = count(outputs.TotalCount) ?? j.total;
  j.batches += 1;
  const cursor = typeof outputs.NextCursor === "string" ? outputs.NextCursor : "";
  if (!j.chained || cursor === "") {
    // Nothing was left to cancel: the work is complete, and the status says so.
    j.status = "succeeded";
    j.endedAt = end;
    return { job: j, operation, next: null, visible: true };
  }
  j.cursor = cursor;
  if (j.status === "canceling") {
    j.status = "canceled";
    j.endedAt = end;
    return { job: j, operation, next: null, visible: true };
  }
  j.status = "running";
  return {
    job: j,
    operation,
    next: newOperation(j, operation.batch + 1, cursor, nextId, now),
    visible: true,
  };
}
