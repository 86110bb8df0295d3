import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../server/app";
import type { Clock } from "../../server/clock";
import { coordinationFor } from "../../server/coordination/pg-coordination";
import { createLogger } from "../../server/logger";
import { createMetrics } from "../../server/metrics";
import { createScheduleTicker } from "../../server/schedules/ticker";
import { createServices } from "../../server/services";
import { openPgStore } from "../../server/store/pg-store";
import { createFakeDataverse, type FakeDataverse } from "./support/fake-dataverse";
import { fakeClock, testConfig } from "./support/harness";
import { pgSchema, pgSkipReason } from "./support/pg";
import { nightly } from "./support/schedules";

/**
 * Three API instances on one PostgreSQL schema, each with its own ticker, tick at the same moments:
 * every due time is claimed by one of them only (the compare-and-set on next_run_at), so each leads
 * to exactly one start and one run record, never a second start nor a skip.
 */

const skip = await pgSkipReason();
if (skip) console.warn(skip);

const HOUR = 3600_000;

async function instance(storeUrl: string, dataverse: FakeDataverse, clock: Clock) {
  const config = testConfig({ STORE_URL: storeUrl });
  const store = await openPgStore(storeUrl);
  const logger = createLogger("silent");
  const coordination = coordinationFor(store, { leaseMs: 60_000, lockPoolSize: 4, logger });
  const deps = { config, store, dataverse, clock, logger, metrics: createMetrics(), coordination };
  const services = createServices(deps);
  const app = createApp({ ...deps, services });
  const ticker = createScheduleTicker({ store, clock, logger, run: services.runSchedule, tickMs: 1000 });
  return {
    store,
    ticker,
    app,
    close: async () => {
      await ticker.stop();
      await coordination.close();
      await store.close();
    },
  };
}

describe.skipIf(skip !== undefined)("schedules on instances sharing PostgreSQL", () => {
  const schema = pgSchema();
  const open: Awaited<ReturnType<typeof instance>>[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((i) => i.close()));
    await schema.drop();
  });

  it("starts each due run exactly once, whichever instance claims it", async () => {
    const clock = fakeClock(Date.parse("2026-01-05T00:00:00Z"));
    const dataverse = createFakeDataverse();
    open.push(...(await Promise.all([1, 2, 3].map(() => instance(schema.storeUrl, dataverse, clock)))));
    const [a, b] = open as [Awaited<ReturnType<typeof instance>>, Awaited<ReturnType<typeof instance>>];
    const s = nightly(clock.now(), { cron: "0 * * * *", timeZone: "UTC" });
    await a.store.createSchedule(s);
    const dueTimes = 12;
    for (let i = 0; i < dueTimes; i++) {
      clock.advance(HOUR);
      const claimed = await Promise.all(open.map((x) => x.ticker.tick()));
      expect(claimed.reduce((n, c) => n + c, 0)).toBe(1);
      // The run ends before the next due time, through whichever instance Dataverse calls back.
      const start = dataverse.starts.at(-1)!;
      dataverse.complete(start.backgroundOperationId, 30, { NextCursor: "" });
      const url = new URL(start.callbackUrl);
      const res = await (i % 2 ? a : b).app.request(url.pathname + url.search, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ backgroundOperationId: start.backgroundOperationId }),
      });
      expect(res.status).toBeLessThan(300);
    }
    expect(dataverse.starts).toHaveLength(dueTimes);
    const runs = await b.store.listScheduleRuns(s.id, 100);
    expect(runs.map((r) => r.outcome)).toEqual(Array(dueTimes).fill("started"));
    expect(new Set(runs.map((r) => r.dueAt)).size).toBe(dueTimes);
    const jobs = await b.store.listJobs({ scheduleId: s.id, limit: 100 });
    expect(jobs.map((j) => j.status)).toEqual(Array(dueTimes).fill("succeeded"));
  });

  it("shares more due runs than a tick's batch among the instances, each started once, in one tick", async () => {
    const clock = fakeClock(Date.parse("2026-01-05T00:00:00Z"));
    const dataverse = createFakeDataverse();
    open.push(...(await Promise.all([1, 2, 3].map(() => instance(schema.storeUrl, dataverse, clock)))));
    const ids = Array.from({ length: 120 }, () => randomUUID());
    for (const id of ids)
      await open[0]!.store.createSchedule(
        nightly(clock.now(), { id, targetId: randomUUID(), cron: "0 * * * *", timeZone: "UTC" }),
      );
    clock.advance(HOUR);
    const claimed = await Promise.all(open.map((x) => x.ticker.tick()));
    expect(claimed.reduce((n, c) => n + c, 0)).toBe(120);
    expect(dataverse.starts).toHaveLength(120);
    for (const id of ids)
      expect((await open[0]!.store.listScheduleRuns(id, 10)).map((r) => r.outcome)).toEqual(["started"]);
  });
});
