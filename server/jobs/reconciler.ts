import type { Clock } from "../clock";
import type { Logger } from "../logger";
import type { OperationRow, Store } from "../store/store";
import type { Engine } from "./engine";

/**
 * Never rely on the callback arriving (docs/dataverse.md, "Callback"). Every operation carries a
 * persisted next-check time; when it passes, the reconciler launches a batch that never started or
 * polls one whose callback is overdue. Because the schedule lives in the store, a restarted API picks
 * up exactly where it stopped. Polls are per operation, never per viewer.
 */

export interface Reconciler {
  /** One pass over the due operations; returns how many it visited. */
  tick(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

const BATCH = 50;

export function createReconciler(d: {
  store: Store;
  engine: Engine;
  clock: Clock;
  logger: Logger;
  tickMs: number;
  /** Takes the due operations so no other instance visits them meanwhile (coordination/). */
  claimDue?: (now: number, limit: number) => Promise<OperationRow[]>;
}): Reconciler {
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<number> | null = null;

  async function pass(): Promise<number> {
    const due = await (d.claimDue ?? d.store.dueOperations)(d.clock.now(), BATCH);
    await Promise.all(
      due.map((op) =>
        d.engine.check(op.id).catch((error: unknown) => {
          d.logger.warn({ operationId: op.id, jobId: op.jobId, err: error }, "reconcile failed; will retry");
        }),
      ),
    );
    return due.length;
  }

  const tick = () => {
    // Overlapping passes would only poll the same operations twice.
    current ??= pass().finally(() => (current = null));
    return current;
  };

  return {
    tick,
    start() {
      const run = () =>
        void tick().catch((error: unknown) => d.logger.error({ err: error }, "reconciler pass failed"));
      run();
      timer = setInterval(run, d.tickMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await current;
    },
  };
}
