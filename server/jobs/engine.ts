import { randomUUID } from "node:crypto";
import type { CallbackSigner } from "../callbacks/signing";
import type { Clock } from "../clock";
import type { DataverseClient, OperationDetails } from "../dataverse/client";
import { DataverseError } from "../dataverse/errors";
import type { Logger } from "../logger";
import type { JobRow, OperationRow, Store } from "../store/store";
import type { JobWriter } from "./job-writer";
import { createKeyedMutex } from "./keyed-mutex";
import { createLauncher } from "./launch";
import { isTerminal, State, Status } from "./operation-state";
import { nextCheckDelayMs, type PollTimings } from "./poll-schedule";
import { applySnapshot } from "./transitions";

/**
 * Runs jobs as chains of Dataverse background operations. Every entry point (start, callback,
 * poll, cancel, resume) takes the job's lock and re-reads the job, so they compose in any order.
 */

export interface EngineDeps {
  store: Store;
  dataverse: DataverseClient;
  signer: CallbackSigner;
  writer: JobWriter;
  clock: Clock;
  logger: Logger;
  timings: PollTimings;
  newId?: () => string;
}

export type ObserveResult = "applied" | "unchanged" | "unknown";

const GONE = { stateCode: State.Completed, statusCode: Status.Failed, outputs: {}, retryAfterSeconds: null };

export function createEngine(d: EngineDeps) {
  const withLock = createKeyedMutex();
  const newId = d.newId ?? randomUUID;
  const now = () => d.clock.now();
  const graceMs = () => d.timings.afterSeconds * 1000;
  const launch = createLauncher({ ...d, graceMs: graceMs() });
  /**
   * When each unfinished operation's status monitor was last read. In memory: it only spaces out
   * reads (a restart at worst allows one early read), and entries go once the operation ends.
   */
  const lastRead = new Map<string, number>();
  const MAX_TRACKED = 10_000;
  function noteRead(operationId: string) {
    if (lastRead.size >= MAX_TRACKED && !lastRead.has(operationId)) lastRead.clear();
    lastRead.set(operationId, now());
  }
  const readRecently = (operationId: string) => {
    const at = lastRead.get(operationId);
    return at !== undefined && now() - at < d.timings.pollFloorSeconds * 1000;
  };

  /**
   * What the `backgroundoperation` row tells about a finished operation: Dataverse's run times,
   * retries and the outputs it keeps. Best effort: without it our own observations stand.
   */
  async function detailsOf(
    op: OperationRow,
    backgroundOperationId: string,
  ): Promise<OperationDetails | null> {
    try {
      return await d.dataverse.getOperationDetails(backgroundOperationId);
    } catch (error) {
      d.logger.info({ operationId: op.id, err: String(error) }, "operation details unavailable");
      return null;
    }
  }

  async function observeLocked(op: OperationRow, job: JobRow, hintId?: string): Promise<ObserveResult> {
    const backgroundOperationId = op.backgroundOperationId ?? hintId;
    if (!backgroundOperationId) return "unchanged";
    op = { ...op, backgroundOperationId };
    const reschedule = (retryAfter: number | null) =>
      d.writer.write(
        job,
        [
          {
            ...op,
            checks: op.checks + 1,
            nextCheckAt: now() + nextCheckDelayMs(op.checks, retryAfter, d.timings),
          },
        ],
        { visible: false },
      );
    let snap;
    try {
      noteRead(op.id);
      snap = await d.dataverse.getBackgroundOperation(backgroundOperationId);
    } catch (error) {
      if (error instanceof DataverseError && error.upstreamStatus === 404) {
        // The row is gone (deleted, or past its ttlinseconds): it will never report again.
        snap = { ...GONE, errorCode: error.code, errorMessage: error.message };
      } else {
        await reschedule(error instanceof DataverseError ? error.retryAfterSeconds : null);
        throw error;
      }
    }
    // Only read for the first terminal observation (callers skip operations already terminal).
    if (isTerminal(snap.stateCode)) lastRead.delete(op.id);
    const details = isTerminal(snap.stateCode) ? await detailsOf(op, backgroundOperationId) : null;
    const t = applySnapshot(job, op, snap, now(), newId(), details);
    if (!t.visible) {
      await reschedule(snap.retryAfterSeconds);
      return "unchanged";
    }
    const operation = isTerminal(t.operation.stateCode)
      ? t.operation
      : {
          ...t.operation,
          checks: op.checks + 1,
          nextCheckAt: now() + nextCheckDelayMs(op.checks, snap.retryAfterSeconds, d.timings),
        };
    const next = t.next && { ...t.next, nextCheckAt: now() + graceMs() };
    const saved = await d.writer.write(t.job, next ? [operation, next] : [operation]);
    if (next) await launch(saved, next, false);
    return "applied";
  }

  /** Loads the operation and its job under the job's lock. */
  async function locked<T>(
    operationId: string,
    work: (op: OperationRow, job: JobRow) => Promise<T>,
    missing: T,
  ) {
    const first = await d.store.getOperation(operationId);
    if (!first) return missing;
    return withLock(first.jobId, async () => {
      const op = await d.store.getOperation(operationId);
      const job = op && (await d.store.getJob(op.jobId));
      return op && job ? work(op, job) : missing;
    });
  }

  return {
    withLock,
    launch,
    /**
     * A callback arrived for this operation: ask the status monitor (the callback carries no outputs).
     * A callback that does not even claim the operation ended, within the polling floor of the last
     * read, is not worth a read: replaying a valid callback URL must not bypass the once-a-minute floor.
     */
    observe(
      operationId: string,
      hint?: { backgroundOperationId?: string; claimsTerminal?: boolean },
    ): Promise<ObserveResult> {
      return locked(
        operationId,
        (op, job) =>
          isTerminal(op.stateCode) || (!hint?.claimsTerminal && readRecently(op.id))
            ? Promise.resolve("unchanged")
            : observeLocked(op, job, hint?.backgroundOperationId),
        "unknown",
      );
    },
    /** The reconciler's visit: launch a batch that never started, or poll one whose callback is overdue. */
    check(operationId: string): Promise<ObserveResult> {
      return locked(
        operationId,
        async (op, job) => {
          if (isTerminal(op.stateCode)) return "unchanged";
          if (op.backgroundOperationId) return observeLocked(op, job);
          if (job.status === "queued" || job.status === "running") {
            await launch(job, op, false);
            return "applied";
          }
          const ended = {
            ...op,
            stateCode: State.Completed,
            statusCode: Status.Canceled,
            endedAt: now(),
            nextCheckAt: null,
          };
          const canceled =
            job.status === "canceling" ? { ...job, status: "canceled" as const, endedAt: now() } : job;
          await d.writer.write(canceled, [ended]);
          return "applied";
        },
        "unknown",
      );
    },
  };
}

export type Engine = ReturnType<typeof createEngine>;
