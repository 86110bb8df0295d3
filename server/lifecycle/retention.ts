import type { Clock } from "../clock";
import type { WithLock } from "../jobs/keyed-mutex";

import type { Logger } from "../logger";
import type { RemovedJobs } from "../store/lifecycle";
import type { Store } from "../store/store";
import { compactJobEvents } from "./compact-events";

/**
 * Keeps the store bounded (docs/data-lifecycle.md): a finished job's events, all but the last, go
 * after `eventsMs`, and the last then carries the whole job; the job itself, with what it owns,
 * after `jobsMs`. Work is done in small batches, each its own short transaction, yielding between
 * them so that a batch hand-off or a viewer never waits behind a long delete.
 */

export interface RetentionPolicy {
  eventsMs: number;
  jobsMs: number;
  tickMs: number;
}

export interface Retention {
  /** One pass: prunes and removes everything due now; resolves what it removed. */
  tick(): Promise<RemovedJobs>;
  start(): void;
  stop(): Promise<void>;
}

const BATCH = 500;
/** Jobs whose events are compacted per pass step: each its own small write, grouped in one commit. */
const JOB_BATCH = 100;
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createRetention(d: {
  store: Store;
  clock: Clock;
  logger: Logger;
  policy: RetentionPolicy;
  /** Several instances on one store take turns: one pass at a time across all of them. */
  withLock?: WithLock;
}): Retention {
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<RemovedJobs> | null = null;

  async function pass(): Promise<RemovedJobs> {
    const now = d.clock.now();
    const total: RemovedJobs = { jobs: 0, operations: 0, events: 0, notifications: 0 };
    for (let n = JOB_BATCH; n === JOB_BATCH; await yieldToOthers()) {
      const ids = await d.store.jobsWithEventsToCompact(now - d.policy.eventsMs, JOB_BATCH);
      for (const removed of await Promise.all(ids.map((id) => compactJobEvents(d.store, id))))
        total.events += removed ?? 0;
      n = ids.length;
    }
    for (let n = BATCH; n === BATCH; await yieldToOthers()) {
      const removed = await d.store.removeEndedJobs(now - d.policy.jobsMs, BATCH);
      for (const k of Object.keys(total) as (keyof RemovedJobs)[]) total[k] += removed[k];
      n = removed.jobs;
    }
    if (total.events + total.jobs > 0) d.logger.info({ removed: total }, "retention pass");
    return total;
  }

  const turn = () => (d.withLock ? d.withLock("retention", pass) : pass());
  const tick = () => (current ??= turn().finally(() => (current = null)));

  return {
    tick,
    start() {
      const run = () =>
        void tick().catch((error: unknown) => d.logger.error({ err: error }, "retention failed"));
      timer = setInterval(run, d.policy.tickMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await current?.catch(() => undefined);
    },
  };
}
