import { describe, expect, it } from "vitest";
import { createPgLock } from "../../server/coordination/pg-lock";
import { createPool, parsePgUrl } from "../../server/store/pg-connect";
import { latch } from "./support/latch";
import { pgSchema, pgSkipReason, sql } from "./support/pg";

/**
 * The per-job lock across instances (no tables: the schema only names the sessions) (two pools stand for two API processes): work on one job
 * serializes whichever instance it runs on; other jobs go on; a lock whose connection dies is gone.
 */

const skip = await pgSkipReason();
if (skip) console.warn(skip);

describe.skipIf(skip !== undefined)("the PostgreSQL per-job lock", () => {
  const schema = pgSchema();
  const target = parsePgUrl(schema.storeUrl);
  const pools = [1, 2].map(() => createPool(target, "locks", { max: 2, onError: () => undefined }));
  const [a, b] = pools.map(createPgLock) as [
    ReturnType<typeof createPgLock>,
    ReturnType<typeof createPgLock>,
  ];
  /** Resolves once a session of these pools waits for an advisory lock. */
  const waitingForLock = async () => {
    const waiting = `SELECT 1 FROM pg_locks l JOIN pg_stat_activity s ON s.pid = l.pid
      WHERE l.locktype = 'advisory' AND NOT l.granted AND s.application_name = $1`;
    while ((await sql(waiting, [`bgsync:${schema.name}:locks`])).length === 0)
      await new Promise((resolve) => setTimeout(resolve, 5));
  };

  it("serializes one job's work across instances and lets other jobs through", async () => {
    const log: string[] = [];
    const held = latch();
    const entered = latch();
    const first = a("job-1", async () => {
      log.push("a in");
      entered.open();
      await held.opened;
      log.push("a out");
    });
    await entered.opened;
    const second = b("job-1", () => Promise.resolve(void log.push("b in")));
    await waitingForLock();
    await b("job-2", () => Promise.resolve(void log.push("b other job")));
    held.open();
    await Promise.all([first, second]);
    expect(log).toEqual(["a in", "b other job", "a out", "b in"]);
  });

  it("takes a lock inside another's work on the same connection, so nested locks cannot drain the pool", async () => {
    // Both outer locks hold the pool's two connections before either takes its inner one.
    const entered = [latch(), latch()];
    const inside = latch();
    const held = latch();
    const nested = (i: 0 | 1) =>
      a(`outer-${i}`, async () => {
        entered[i]!.open();
        await Promise.all(entered.map((l) => l.opened));
        return a(`inner-${i}`, async () => {
          if (i === 0) {
            inside.open();
            await held.opened;
          }
          return i;
        });
      });
    const both = Promise.all([nested(0), nested(1)]);
    await inside.opened;
    // The inner lock is a real one: another instance waits for it.
    const other = b("inner-0", () => Promise.resolve("other"));
    await waitingForLock();
    held.open();
    await expect(both).resolves.toEqual([0, 1]);
    await expect(other).resolves.toBe("other");
    await expect(b("outer-0", () => Promise.resolve("free"))).resolves.toBe("free");
  });

  it("is released when its connection dies, and the work under it still completes", async () => {
    const held = latch();
    const entered = latch();
    const first = a("job-3", async () => {
      entered.open();
      await held.opened;
      return "done";
    });
    await entered.opened;
    await sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [
      `bgsync:${schema.name}:locks`,
    ]);
    await expect(b("job-3", () => Promise.resolve("taken over"))).resolves.toBe("taken over");
    held.open();
    await expect(first).resolves.toBe("done");
    await Promise.all(pools.map((p) => p.end()));
  });
});
