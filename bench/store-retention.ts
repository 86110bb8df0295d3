import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../server/config";
import { newOperation } from "../server/jobs/new-rows";
import { createRetention } from "../server/lifecycle/retention";
import { createLogger } from "../server/logger";
import { createSqliteStore } from "../server/store/sqlite-store";
import type { JobRow, Store } from "../server/store/store";
import { atMost, type BenchResult } from "./result";
import { sampleJob } from "./sample-job";
import { measured } from "./stats";

/**
 * Soak: DAYS simulated days of JOBS_PER_DAY chained jobs (BATCHES batches and BATCHES + 2 events
 * each, as the API writes them) on a movable clock, retention at its defaults after every day. The
 * store's size must level off once jobs start to age out (day 90): the ratio compares the last
 * day's size with day 90's.
 */
const DAYS = Number(process.env.BENCH_SOAK_DAYS ?? 120);
const JOBS_PER_DAY = 2000;
const BATCHES = 3;
const DAY = 86_400_000;
const PARALLEL = 1000;
/** Growth allowed after day 90, when as many jobs age out each day as come in. */
const LEVEL = 1.05;

/** One job's life, saved as the engine would: queued, each batch's end, the terminal event. */
async function runJob(store: Store, at: number): Promise<void> {
  let job: JobRow = { ...sampleJob(), createdAt: at };
  const ops = Array.from({ length: BATCHES }, (_, i) => ({
    ...newOperation(job, i + 1, null, randomUUID(), at),
    backgroundOperationId: randomUUID(),
    stateCode: 3,
    statusCode: 30,
    nextCheckAt: null,
  }));
  const save = async (next: JobRow, terminal: boolean) => {
    const data = JSON.stringify({ ...next, operations: ops });
    const operations = job.version === 0 || terminal ? ops : [];
    await store.save({ job: next, expectedVersion: job.version, operations, event: { data, terminal } });
    job = { ...next, version: job.version + 1 };
  };
  await save(job, false);
  for (let b = 1; b <= BATCHES; b++)
    await save({ ...job, status: "running", startedAt: at, synced: b * 100, batches: b }, false);
  await save({ ...job, status: "succeeded", endedAt: at + 60_000 }, true);
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "bgsync-soak-"));
  const store = createSqliteStore(`sqlite:${join(dir, "soak.db")}`);
  let now = Date.parse("2026-01-01T00:00:00Z");
  const retention = createRetention({
    store,
    clock: { now: () => now },
    logger: createLogger("silent"),
    policy: loadConfig({}).retention,
  });
  const sizes: Record<string, number> = {};
  const started = performance.now();
  try {
    for (let day = 1; day <= DAYS; day++) {
      for (let done = 0; done < JOBS_PER_DAY; done += PARALLEL)
        await Promise.all(
          Array.from({ length: PARALLEL }, (_, i) => runJob(store, now + (done + i) * 40_000)),
        );
      now += DAY;
      await retention.tick();
      if (day % 30 === 0 || day === DAYS) sizes[`mbDay${day}`] = ((await store.stats()).sizeBytes ?? 0) / 1e6;
      // Minutes of work: say how far it is, on stderr so the JSON lines stay clean.
      if (day % 10 === 0) console.error(`store-retention: day ${day} of ${DAYS}`);
    }
    const { tables } = await store.stats();
    const at90 = sizes.mbDay90 ?? NaN;
    return {
      name: "store-retention",
      figures: {
        days: DAYS,
        jobsPerDay: JOBS_PER_DAY,
        ...Object.fromEntries(Object.entries(sizes).map(([k, v]) => [k, Math.round(v * 10) / 10])),
        jobsKept: tables.jobs.rows,
        eventsKept: tables.events.rows,
        seconds: Math.round((performance.now() - started) / 1000),
      },
      // One run: a soak is its own repetition, every simulated day.
      goals: [
        atMost(
          `store size on day ${DAYS} / day 90`,
          measured([sizes[`mbDay${DAYS}`]! / at90]),
          LEVEL,
          `<= ${LEVEL} (levelled off)`,
        ),
      ],
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
