import type { CallbackSigner } from "../callbacks/signing";
import type { Clock } from "../clock";
import type { DataverseClient } from "../dataverse/client";
import type { Logger } from "../logger";
import type { JobRow, OperationRow, Store } from "../store/store";
import { endAbandoned } from "./command-transitions";
import type { JobWriter } from "./job-writer";
import { createStartFinder } from "./adopt";
import { createKeyedMutex, type WithLock } from "./keyed-mutex";
import { createHandOff } from "./hand-off";
import { createLauncher } from "./launch";
import { createObserver, type ObserveResult } from "./observe";
import { createOperationJobs } from "./operation-jobs";
import { isTerminal } from "./operation-state";
import { createMemoryPollFloor, type PollFloor } from "./poll-floor";
import { reconcileAt, type PollTimings } from "./poll-schedule";

export type { ObserveResult } from "./observe";

/**
 * Runs jobs as chains of Dataverse background operations. Every entry point (start, callback,
 * poll, cancel, resume) takes the job's lock and re-reads the job, so they compose in any order.
 * Starting a batch lives in launch.ts, reading and applying its status in observe.ts.
 */

export interface EngineDeps {
  store: Store;
  dataverse: DataverseClient;
  signer: CallbackSigner;
  writer: JobWriter;
  clock: Clock;
  logger: Logger;
  timings: PollTimings;
  /** Shared by every instance on one database (coordination/); in this process's memory by default. */
  withLock?: WithLock;
  floor?: PollFloor;
  /**
   * Whether a batch's hand-off may send the next start before its commit (hand-off.ts): only when
   * this process is the only one running jobs on its store.
   */
  overlapHandOff?: boolean;
}

export function createEngine(d: EngineDeps) {
  const withLock = d.withLock ?? createKeyedMutex();
  const floor =
    d.floor ?? createMemoryPollFloor({ clock: d.clock, floorMs: d.timings.pollFloorSeconds * 1000 });
  const jobOf = createOperationJobs();
  const launcher = createLauncher({
    ...d,
    onStarted: (op) => {
      jobOf.remember(op.id, op.jobId);
      handOff.started(op);
    },
  });
  const handOff = createHandOff({
    writer: d.writer,
    launcher,
    jobs: jobOf,
    overlap: d.overlapHandOff ?? false,
    startOrAdopt,
  });
  const observer = createObserver({ ...d, handOff, floor });
  const findEarlierStart = createStartFinder(d);

  /**
   * A batch without a Dataverse id: its start never happened, or its outcome was lost. Adopt the
   * first attempt if Dataverse has it (observing it as a callback naming it would), else start it.
   */
  async function startOrAdopt(op: OperationRow, job: JobRow): Promise<ObserveResult> {
    let earlier: string | null;
    try {
      earlier = await findEarlierStart(job, op);
    } catch (error) {
      // Without the answer a start could run the batch twice: look again at the next check.
      await d.writer.write(job, [{ ...op, nextCheckAt: reconcileAt(d.clock.now(), d.timings) }], {
        visible: false,
      });
      throw error;
    }
    if (earlier !== null) {
      d.logger.info(
        { jobId: job.id, operationId: op.id, backgroundOperationId: earlier },
        "adopted an earlier start",
      );
      // Its id was not recorded, so no process can have continued from it: the next hand-off may overlap.
      handOff.started(op);
      return observer.observe(op, job, earlier);
    }
    await launcher.launch(job, op, false);
    return "applied";
  }

  /** Loads the operation and its job under the job's lock. */
  async function locked<T>(
    operationId: string,
    work: (op: OperationRow, job: JobRow) => Promise<T>,
    missing: T,
  ) {
    const jobId = jobOf.get(operationId) ?? (await d.store.getOperation(operationId))?.jobId;
    if (!jobId) return missing;
    // The lookup above only names the lock; what counts is read under it.
    return withLock(jobId, async () => {
      const found = await d.store.getOperationWithJob(operationId);
      if (!found) return missing;
      jobOf.remember(operationId, found.job.id);
      return work(found.operation, found.job);
    });
  }

  return {
    withLock,
    launch: launcher.launch,
    /**
     * A callback arrived for this operation: read its `backgroundoperations` row (the callback carries
     * no outputs). Within the polling floor of the last read, only the first callback claiming the operation ended
     * is worth a read: replaying a valid callback URL, whatever its body claims, must not bypass the
     * once-a-minute floor.
     */
    observe(
      operationId: string,
      hint?: { backgroundOperationId?: string; claimsTerminal?: boolean },
    ): Promise<ObserveResult> {
      return locked(
        operationId,
        async (op, job) =>
          isTerminal(op.stateCode) || !(await floor.mayReadFor(op.id, hint?.claimsTerminal ?? false))
            ? "unchanged"
            : observer.observe(op, job, hint?.backgroundOperationId),
        "unknown",
      );
    },
    /** The reconciler's visit: launch a batch that never started, or poll one whose callback is overdue. */
    check(operationId: string): Promise<ObserveResult> {
      return locked(
        operationId,
        async (op, job) => {
          if (isTerminal(op.stateCode)) return "unchanged";
          // Read meanwhile (a callback, on any instance): that read already set the next check.
          if (op.backgroundOperationId)
            return (await floor.readRecently(op.id)) ? "unchanged" : observer.observe(op, job);
          if (job.status === "queued" || job.status === "running") return startOrAdopt(op, job);
          const ended = endAbandoned(job, op, d.clock.now());
          await d.writer.write(ended.job, [ended.operation]);
          return "applied";
        },
        "unknown",
      );
    },
  };
}

export type Engine = ReturnType<typeof createEngine>;
