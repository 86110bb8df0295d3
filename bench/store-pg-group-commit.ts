import { randomBytes } from "node:crypto";
import pg from "pg";
import { openPgStore } from "../server/store/pg-store";
import { figure, type BenchResult } from "./result";
import { interleave, measured } from "./stats";
import { writesPerSecond } from "./store-group-commit";

/**
 * Durable job writes per second on the PostgreSQL store (the local server, a schema of its own
 * dropped afterwards): one caller at a time (a transaction and a WAL flush per save) against many
 * concurrent callers, whose saves queue while a group commits and then commit together. Same
 * server, same run. Beside store-group-commit.ts, the SQLite figures.
 */
const DATABASE = "postgres://postgres@127.0.0.1:5432/test";
const WRITES = 1000;
const REPETITIONS = 3;
const CONCURRENCY = 64;

export async function run(): Promise<BenchResult> {
  const schema = `bench_${randomBytes(4).toString("hex")}`;
  let commits = 0;
  let grouped = { saves: 0, commits: 0 };
  const store = await openPgStore(`${DATABASE}?schema=${schema}`, { onCommit: () => commits++ });
  try {
    const r = await interleave(REPETITIONS, {
      alone: () => writesPerSecond(store, 1, WRITES),
      grouped: async () => {
        const before = commits;
        const perSecond = await writesPerSecond(store, CONCURRENCY, WRITES);
        grouped = { saves: grouped.saves + WRITES, commits: grouped.commits + commits - before };
        return perSecond;
      },
    });
    return {
      name: "store-pg-group-commit",
      figures: {
        writes: WRITES,
        oneAtATimePerSecond: Math.round(measured(r.alone).median),
        [`concurrent${CONCURRENCY}PerSecond`]: Math.round(measured(r.grouped).median),
        concurrentSavesPerCommit: Math.round((grouped.saves / grouped.commits) * 10) / 10,
      },
      goals: [
        figure(
          `${CONCURRENCY} concurrent / one at a time`,
          measured(r.grouped.map((g, i) => g / r.alone[i]!)),
        ),
      ],
    };
  } finally {
    await store.close();
    const admin = new pg.Client({ connectionString: DATABASE });
    await admin.connect();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}
