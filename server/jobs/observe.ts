import type { Clock } from "../clock";
import type { DataverseClient, OperationDetails, OperationSnapshot } from "../dataverse/client";
import { DataverseError } from "../dataverse/errors";
import type { JobRow, OperationRow } from "../store/store";
import type { JobWriter } from "./job-writer";
import type { HandOff } from "./hand-off";
import { nextOperationId } from "./new-rows";
import { ENDED_FAILED, isTerminal } from "./operation-state";
import type { PollFloor } from "./poll-floor";
import { nextCheckDelayMs, reconcileAt, type PollTimings } from "./poll-schedule";
import { applySnapshot } from "./transitions";

/**
 * Reading an operation's `backgroundoperations` row and applying what it says (the job's lock is held by the
 * caller): the transition, the next check time, and the hand-off to the next batch when the chain goes on.
 */

export type ObserveResult = "applied" | "unchanged" | "unknown";

export interface Observer {
  /** Reads the operation's status (`hintId`: Dataverse's id when a callback told it first) and applies it. */
  observe(op: OperationRow, job: JobRow, hintId?: string): Promise<ObserveResult>;
}

export function createObserver(d: {
  dataverse: DataverseClient;
  writer: JobWriter;
  clock: Clock;
  timings: PollTimings;
  handOff: HandOff;
  floor: PollFloor;
}): Observer {
  const now = () => d.clock.now();
  async function observe(op: OperationRow, job: JobRow, hintId?: string): Promise<ObserveResult> {
    const backgroundOperationId = op.backgroundOperationId ?? hintId;
    if (!backgroundOperationId) return "unchanged";
    op = { ...op, backgroundOperationId };
    const nextCheckAt = (retryAfter: number | null) =>
      now() + nextCheckDelayMs(op.checks, retryAfter, d.timings);
    const reschedule = (retryAfter: number | null) =>
      d.writer.write(job, [{ ...op, checks: op.checks + 1, nextCheckAt: nextCheckAt(retryAfter) }], {
        visible: false,
      });
    let snap: OperationSnapshot;
    let details: OperationDetails | null = null;
    try {
      await d.floor.noteRead(op.id);
      // The row alone holds the status and the run times, retries and outputs: one read, not two.
      ({ snapshot: snap, details } = await d.dataverse.readBackgroundOperation(backgroundOperationId));
    } catch (error) {
      if (error instanceof DataverseError && error.upstreamStatus === 404) {
        // The row is gone (deleted, or past its ttlinseconds): it will never report again.
        snap = {
          ...ENDED_FAILED,
          outputs: {},
          retryAfterSeconds: null,
          errorCode: error.code,
          errorMessage: error.message,
        };
      } else {
        await reschedule(error instanceof DataverseError ? error.retryAfterSeconds : null);
        throw error;
      }
    }
    // A terminal answer ends the operation's read bookkeeping (callers skip terminal operations).
    if (isTerminal(snap.stateCode)) await d.floor.forget(op.id);
    const t = applySnapshot(job, op, snap, now(), nextOperationId(op.id), details);
    if (!t.visible) {
      await reschedule(snap.retryAfterSeconds);
      return "unchanged";
    }
    const operation = isTerminal(t.operation.stateCode)
      ? t.operation
      : { ...t.operation, checks: op.checks + 1, nextCheckAt: nextCheckAt(snap.retryAfterSeconds) };
    if (t.next) {
      const next = { ...t.next, nextCheckAt: reconcileAt(now(), d.timings) };
      await d.handOff.continue(t.job, operation, next, t.failures);
      return "applied";
    }
    if (isTerminal(operation.stateCode)) d.handOff.ended(operation);
    await d.writer.write(t.job, [operation], { failures: t.failures });
    return "applied";
  }

  return { observe };
}
