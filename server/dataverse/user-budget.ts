import { AsyncLocalStorage } from "node:async_hooks";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";
import type { Clock } from "../clock";
import { problems } from "../problem";
import type { DataverseClient } from "./client";

/**
 * What one user's requests may cost in Dataverse calls, reads included: a token bucket of
 * `perMinute` calls per user (burst of the same size). Service protection limits are per
 * application user, so without this one person's reads (record-access checks for random ids) spend
 * the budget every other person's job starts need. A request is admitted while its user has a call
 * left; the calls it then makes are charged to that user (a request makes a handful at most, so the
 * bucket may dip briefly below zero). Work Dataverse itself triggers (callbacks, the reconciler)
 * runs outside any request and is charged to no one.
 */

const MAX_USERS = 10_000;

export function createDataverseBudget(options: { perMinute: number; clock: Clock }) {
  const current = new AsyncLocalStorage<string>();
  const buckets = new Map<string, { tokens: number; at: number }>();
  const ratePerMs = options.perMinute / 60_000;

  function bucket(userId: string) {
    const now = options.clock.now();
    let b = buckets.get(userId);
    if (!b) {
      if (buckets.size >= MAX_USERS) buckets.delete(buckets.keys().next().value!);
      buckets.set(userId, (b = { tokens: options.perMinute, at: now }));
    }
    b.tokens = Math.min(options.perMinute, b.tokens + (now - b.at) * ratePerMs);
    b.at = now;
    return b;
  }

  const charge = () => {
    const userId = current.getStore();
    if (userId !== undefined) bucket(userId).tokens -= 1;
  };

  return {
    /** Refuses a request whose user has no Dataverse call left (429 with Retry-After), else meters it. */
    middleware: (): MiddlewareHandler<AppEnv> => async (c, next) => {
      const userId = c.get("principal").objectId;
      const b = bucket(userId);
      if (b.tokens < 1)
        throw problems.dataverseBudgetExceeded(Math.max(1, Math.ceil((1 - b.tokens) / ratePerMs / 1000)));
      await current.run(userId, next);
    },
    /** The same client, with every call charged to the user of the request that made it. */
    meter(client: DataverseClient): DataverseClient {
      // Looked up at each call, so a client whose methods are replaced later (test fakes) stays metered.
      return new Proxy(client, {
        get(target, name, receiver) {
          const value: unknown = Reflect.get(target, name, receiver);
          if (typeof value !== "function") return value;
          return (...args: unknown[]): unknown => {
            charge();
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
    },
  };
}

export type DataverseBudget = ReturnType<typeof createDataverseBudget>;
