import { fork, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../server/config";
import { startServer } from "../server/start";
import { createSqliteStore } from "../server/store/sqlite-store";
import { instantDataverse } from "./instant-dataverse";
import { atMost, figure, type BenchResult } from "./result";
import { interleave, measured } from "./stats";
import { startSampleJob } from "./sample-job";

/**
 * In-batch progress reports (docs/plugin-progress.md) through the API's route, against a durable
 * file store: reports merged in memory and stored at most once a second per batch
 * (PROGRESS_INTERVAL_MS=1000, the default) versus stored as soon as the previous write of that batch
 * is done (PROGRESS_INTERVAL_MS=0). 40 running batches, 15 reports each, posted round-robin.
 */
const OPERATIONS = 40;
const REPORTS = 15;
const CONCURRENCY = 32;
const REPETITIONS = 3;

async function side(dir: string, load: ChildProcess, intervalMs: number) {
  let saves = 0;
  const store = createSqliteStore(`sqlite:${join(dir, `${randomUUID()}.db`)}`, {
    onCommit: (n) => void (saves += n),
  });
  const instant = instantDataverse([], { stateCode: 2, statusCode: 20 });
  const progressUrls: string[] = [];
  const dataverse: typeof instant = {
    ...instant,
    startBackgroundOperation: (req) => {
      progressUrls.push(req.parameters.ProgressUrl as string);
      return instant.startBackgroundOperation(req);
    },
  };
  const api = await startServer(
    loadConfig({
      PORT: "0",
      AUTH_MODE: "none",
      LOG_LEVEL: "silent",
      JOB_RATE_LIMIT_PER_MINUTE: "1000000",
      DATAVERSE_USER_BUDGET_PER_MINUTE: "1000000",
      PROGRESS_INTERVAL_MS: String(intervalMs),
    }),
    { store, dataverse },
  );
  for (let i = 0; i < OPERATIONS; i++) await startSampleJob(api.url);
  const before = saves;
  // Round by round, every batch reports 100 more records done than in the round before.
  const urls = Array.from({ length: REPORTS }, () => progressUrls).flat();
  const bodies = urls.map((_, i) =>
    JSON.stringify({ done: 100 * (1 + Math.floor(i / OPERATIONS)), total: 4000 }),
  );
  const posted = await new Promise<{ ms: number; ok: number }>((resolve) => {
    load.once("message", resolve);
    load.send({ urls, bodies, body: "", concurrency: CONCURRENCY });
  });
  if (posted.ok !== urls.length) throw new Error(`${posted.ok} of ${urls.length} reports taken`);
  await api.close(); // flushes what is still merged in memory
  return { perSecond: urls.length / (posted.ms / 1000), savesPerReport: (saves - before) / urls.length };
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "bgsync-progress-"));
  const load = fork(new URL("./http-load.ts", import.meta.url), { execArgv: ["--import", "tsx"] });
  try {
    const r = await interleave(REPETITIONS, {
      merged: () => side(dir, load, 1000),
      eager: () => side(dir, load, 0),
    });
    const pick = (runs: { perSecond: number; savesPerReport: number }[], k: "perSecond" | "savesPerReport") =>
      measured(runs.map((x) => x[k]));
    return {
      name: "progress-reports",
      figures: {
        reports: OPERATIONS * REPORTS,
        operations: OPERATIONS,
        mergedPerSecond: Math.round(pick(r.merged, "perSecond").median),
        eagerPerSecond: Math.round(pick(r.eager, "perSecond").median),
        mergedSavesPerReport: pick(r.merged, "savesPerReport").median,
        eagerSavesPerReport: pick(r.eager, "savesPerReport").median,
      },
      goals: [
        // One batch posting many reports within a second costs one stored write, plus the last on close.
        atMost(
          "stored writes per report, merged",
          pick(r.merged, "savesPerReport"),
          2 / REPORTS,
          `<= ${2}/${REPORTS}`,
        ),
        figure("reports/s, merged", pick(r.merged, "perSecond")),
        figure("reports/s, stored as they come", pick(r.eager, "perSecond")),
      ],
    };
  } finally {
    load.send("exit");
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run();
  console.log(r.figures);
  for (const g of r.goals) console.log(g.met, g.label, g.value.runs.map((v) => v.toFixed(3)).join(" "));
}
