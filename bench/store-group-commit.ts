import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSqliteStore } from "../server/store/sqlite-store";
import type { JobChange, Store } from "../server/store/store";
import { figure, type BenchResult } from "./result";
import { interleave, measured } from "./stats";
import { sampleJob } from "./sample-job";

/**
 * Durable job writes per second on the SQLite store (WAL, synchronous=FULL): one caller at a time
 * (each save waits for its own commit and fsync) against many concurrent callers, whose saves the
 * store groups into one transaction per event-loop turn. Same file system, same run.
 */
const WRITES = 2000;
const REPETITIONS = 3;
const CONCURRENCY = 64;

const change = (): JobChange => {
  const job = sampleJob();
  return {
    expectedVersion: 0,
    job,
    event: { data: JSON.stringify({ id: job.id, status: "queued" }), terminal: false },
  };
};

/** Durable saves per second, `concurrency` callers at a time (also the PostgreSQL bench's measure). */
export async function writesPerSecond(store: Store, concurrency: number, writes = WRITES): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next++ < writes) await store.save(change());
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return writes / ((performance.now() - started) / 1000);
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "bgsync-bench-"));
  try {
    const store = createSqliteStore(`sqlite:${join(dir, "bench.db")}`);
    const r = await interleave(REPETITIONS, {
      alone: () => writesPerSecond(store, 1),
      grouped: () => writesPerSecond(store, CONCURRENCY),
    });
    await store.close();
    return {
      name: "store-group-commit",
      figures: {
        writes: WRITES,
        oneAtATimePerSecond: Math.round(measured(r.alone).median),
        [`concurrent${CONCURRENCY}PerSecond`]: Math.round(measured(r.grouped).median),
      },
      goals: [
        figure(
          `${CONCURRENCY} concurrent / one at a time`,
          measured(r.grouped.map((g, i) => g / r.alone[i]!)),
        ),
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
