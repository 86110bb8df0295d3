import { randomBytes } from "node:crypto";
import pg from "pg";
import { openPgStore } from "../server/store/pg-store";
import type { BenchResult } from "./result";
import { writesPerSecond } from "./store-group-commit";

/**
 * Durable job writes per second on the PostgreSQL store (the local server, a schema of its own
 * dropped afterwards): one caller at a time (a transaction and a WAL flush per save) against many
 * concurrent callers, whose saves queue while a group commits and then commit together. Same
 * server, same run. Beside store-group-commit.ts, the SQLite figures.
 */
const DATABASE = "postgres://postgres@127.0.0.1:5432/test";
const WRITES = 2000;
const CONCURRENCY = 64;

export async function run(): Promise<BenchResult> {
  const schema = `bench_${randomBytes(4).toString("hex")}`;
  let commits = 0;
  const store = await openPgStore(`${DATABASE}?schema=${schema}`, { onCommit: () => commits++ });
  try {
    const alone = await writesPerSecond(store, 1, WRITES);
    const commitsAlone = commits;
    const grouped = await writesPerSecond(store, CONCURRENCY, WRITES);
    return {
      name: "store-pg-group-commit",
      figures: {
        writes: WRITES,
        oneAtATimePerSecond: Math.round(alone),
        [`concurrent${CONCURRENCY}PerSecond`]: Math.round(grouped),
        concurrentSavesPerCommit: Math.round((WRITES / (commits - commitsAlone)) * 10) / 10,
      },
      ratio: { label: `${CONCURRENCY} concurrent / one at a time`, value: grouped / alone },
    };
  } finally {
    await store.close();
    const admin = new pg.Client({ connectionString: DATABASE });
    await admin.connect();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}
