import type { Logger } from "../logger";
import { createSharedHub, type SharedHub } from "../events/shared-hub";
import { createPool } from "../store/pg-connect";
import type { PgStore } from "../store/pg-store";
import type { Store } from "../store/store";
import { createMemoryCoordination, type Coordination } from "./coordination";
import { listenForEvents } from "./pg-listener";
import { createPgLock } from "./pg-lock";
import { createPgClaims, createPgPollFloor, createPgRateLimiter } from "./pg-shared-state";

const isPgStore = (store: Store): store is PgStore => "pool" in store && "channel" in store;

/**
 * The coordination a store calls for: in the database when it is PostgreSQL (several instances may
 * share it), in memory otherwise. `leaseMs` is how long a claimed operation is left to its reconciler.
 */
export function coordinationFor(
  store: Store,
  o: { leaseMs: number; lockPoolSize: number; logger: Logger },
): Coordination {
  if (!isPgStore(store)) return createMemoryCoordination(store);
  const onError = (error: Error) => o.logger.warn({ err: error }, "a PostgreSQL connection failed");
  // Lock holders keep their connection while they call Dataverse: waiters may queue a while.
  const locks = createPool(store.target, "locks", { max: o.lockPoolSize, waitMs: 30_000, onError });
  let hub: SharedHub | undefined;
  const listener = listenForEvents(store.target, store.channel, {
    onEvent: (jobId, seq) => hub?.signal(jobId, seq),
    onConnected: () => hub?.resyncAll(),
    logger: o.logger,
  });
  return {
    shared: true,
    withLock: createPgLock(locks),
    pollFloor: (d) => createPgPollFloor(store.pool, d),
    claimDue: createPgClaims(store.pool, o.leaseMs),
    rateLimiter: (r) => createPgRateLimiter(store.pool, r),
    shareHub: (local) => (hub = createSharedHub(local, { store, logger: o.logger })),
    async close() {
      await listener.close();
      await locks.end();
    },
  };
}
