import type { Clock } from "../clock";
import type { EventHub } from "../events/hub";
import { createKeyedMutex, type WithLock } from "../jobs/keyed-mutex";
import { createMemoryPollFloor, type PollFloor } from "../jobs/poll-floor";
import { createRateLimiter, type RateLimit } from "../routes/rate-limit";
import type { OperationRow, Store } from "../store/store";

/**
 * What several API instances must share to behave as one, behind one interface: one process keeps
 * it all in memory (the SQLite default); on PostgreSQL it lives in the database (pg-coordination.ts).
 */
export interface Coordination {
  /** Whether other instances may run jobs on the same store. */
  shared: boolean;
  /** Serializes work per key (a job id, an idempotency key) across every instance. */
  withLock: WithLock;
  /** The status-monitor polling floor per operation. */
  pollFloor: (d: { clock: Clock; floorMs: number }) => PollFloor;
  /**
   * The reconciler's due operations, taken so that no other instance visits them at the same time;
   * a claim that is never followed by a write (the instance died) runs out and the operation is due
   * again.
   */
  claimDue: (now: number, limit: number) => Promise<OperationRow[]>;
  /** The job-start rate limit per user. */
  rateLimiter: (o: { perMinute: number; clock: Clock }) => RateLimit;
  /** Wraps this instance's event hub so viewers here hear of events saved by every instance. */
  shareHub(local: EventHub): EventHub;
  close(): Promise<void>;
}

export function createMemoryCoordination(store: Store): Coordination {
  return {
    shared: false,
    withLock: createKeyedMutex(),
    pollFloor: createMemoryPollFloor,
    claimDue: (now, limit) => store.dueOperations(now, limit),
    rateLimiter: createRateLimiter,
    shareHub: (local) => local,
    close: () => Promise.resolve(),
  };
}
