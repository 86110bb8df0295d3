import type { Clock } from "../clock";
import type { DataverseClient, OperationDetails, OperationSnapshot } from "../dataverse/client";
import { DataverseError } from "../dataverse/errors";
import type { JobRow, OperationRow } from "../store/store";
import type { JobWriter } from "./job-writer";
import type { Launch } from "./launch";
import { ENDED_FAILED, isTerminal } from "./operation-state";
import { nextCheckDelayMs, reconcileAt, type PollTimings } from "./poll-schedule";
import { applySnapshot } from "./transitions";

/**
 * Reading an operation's `backgroundoperations` row and applying what it says (the job's lock is held by the
 * caller): the transition, the next check time, and the next batch's launch when the chain goes on.
 */

export type ObserveResult = "applied" | "unchanged" | "unknown";

export interface Observer {
  /** Reads the operation's status (`hintId`: Dataverse's id when a callback told it first) and applies it. */
  observe(op: OperationRow, job: JobRow, hintId?: string): Promise<ObserveResult>;
  /** Whether the operation's row was read within the polling floor. */
  readRecently(operationId: string): boolean;
  /**
   * Whether a callback may read the row now: outside the floor, or the first callback per
   * operation that claims the end. The body is unsigned: later claims get no such exception.
   */
  mayReadFor(operationId: string, claimsTerminal: boolean): boolean;
}

const MAX_TRACKED = 10_000;

export function createObserver(d: {
  dataverse: DataverseClient;
  writer: JobWriter;
  clock: Clock;
  timings: PollTimings;
  launch: Launch;
  newId: () => string;
}): Observer {
  const now = () => d.clock.now();
  /**
   * When each unfinished operation's row was last read. In memory: it only spaces out
   * reads (a restart at worst allows one early read), and entries go once the operation ends.
   */
  const lastRead = new Map<string, number>();
  /** Operations whose one floor-free read a callback claiming the end has already bought. */
  const endClaimed = new Set<string>();
  function noteRead(operationId: string) {
    if (lastRead.size >= MAX_TRACKED && !lastRead.has(operationId)) lastRead.clear();
    lastRead.set(operationId, now());
  }

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
      noteRead(op.id);
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
    if (isTerminal(snap.stateCode)) {
      lastRead.delete(op.id);
      endClaimed.delete(op.id);
    }
    const t = applySnapshot(job, op, snap, now(), d.newId(), details);
    if (!t.visible) {
      await reschedule(snap.retryAfterSeconds);
      return "unchanged";
    }
    const operation = isTerminal(t.operation.stateCode)
      ? t.operation
      : { ...t.operation, checks: op.checks + 1, nextCheckAt: nextCheckAt(snap.retryAfterSeconds) };
    const next = t.next && { ...t.next, nextCheckAt: reconcileAt(now(), d.timings) };
    const saved = await d.writer.write(t.job, next ? [operation, next] : [operation]);
    if (next) await d.launch(saved, next, false);
    return "applied";
  }

  const readRecently = (operationId: string) => {
    const at = lastRead.get(operationId);
    return at !== undefined && now() - at < d.timings.pollFloorSeconds * 1000;
  };
  return {
    observe,
    readRecently,
    mayReadFor(operationId, claimsTerminal) {
      if (claimsTerminal && !endClaimed.has(operationId)) {
        if (endClaimed.size >= MAX_TRACKED) endClaimed.clear();
        endClaimed.add(operationId);
        return true;
      }
      return !readRecently(operationId);
    },
  };
}
