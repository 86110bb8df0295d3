import { fork, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../server/config";
import { startServer } from "../server/start";
import { instantDataverse } from "./instant-dataverse";
import { createSqliteStore } from "../server/store/sqlite-store";
import { atLeast, figure, type BenchResult } from "./result";
import { interleave, measured } from "./stats";
import { apiRowsWriter, noWriter, oneRowWriter, startRawReceiver, type RawWriter } from "./raw-receiver";
import { startSampleJob } from "./sample-job";

/**
 * Callbacks per second through the API's route (signature, lock, one read of a Dataverse that
 * answers at once, the transition, one durable write) against the floor any callback receiver has:
 * a raw node:http server checking the same HMAC and making one durable SQLite write (WAL, FULL)
 * with group commit. As a figure, the same raw server storing the rows the API stores (the ended
 * job, its operation, one event) through the API's store. Same load generator (a child process),
 * same file system, interleaved. And the route's own floor: the same callbacks sent again, which the
 * API answers after the signature, the lock and one read of the ended operation, with no Dataverse
 * call, transition or write. And the raw side's own ceiling: the same raw server with its write left
 * out, which tells whether the raw side is bound by its write or by the load generator.
 */
const CALLBACKS = 1_000;
const CONCURRENCY = 32;
const REPETITIONS = 7;
const BODY = JSON.stringify({ backgroundOperationStateCode: 3, backgroundOperationStatusCode: 30 });

const send = (load: ChildProcess, urls: string[]) =>
  new Promise<number>((resolve, reject) => {
    load.once("message", (m: { ms: number; ok: number }) =>
      m.ok === urls.length ? resolve(urls.length / (m.ms / 1000)) : reject(new Error(`${m.ok} ok`)),
    );
    load.send({ urls, body: BODY, concurrency: CONCURRENCY });
  });

/** Per second: the callbacks that end the jobs, then the same callbacks replayed. */
async function ours(dir: string, load: ChildProcess): Promise<{ ending: number; replayed: number }> {
  const urls: string[] = [];
  const store = createSqliteStore(`sqlite:${join(dir, `api-${randomUUID()}.db`)}`);
  const api = await startServer(
    loadConfig({
      PORT: "0",
      AUTH_MODE: "none",
      LOG_LEVEL: "silent",
      JOB_RATE_LIMIT_PER_MINUTE: "1000000",
      DATAVERSE_USER_BUDGET_PER_MINUTE: "1000000",
      ALLOWED_URL_ORIGINS: "http://127.0.0.1:7071",
    }),
    { store, dataverse: instantDataverse(urls, { stateCode: 3, statusCode: 30 }) },
  );
  // Not measured: the jobs whose first batch the callbacks then end, started sixteen at a time.
  const startOne = () => startSampleJob(api.url);
  for (let i = 0; i < CALLBACKS; i += 16) await Promise.all(Array.from({ length: 16 }, startOne));
  const ending = await send(load, urls);
  const replayed = await send(load, urls);
  await api.close();
  await store.close();
  return { ending, replayed };
}

/** A raw receiver (raw-receiver.ts) storing each callback with `writer`. */
async function raw(writer: RawWriter, load: ChildProcess): Promise<number> {
  const receiver = await startRawReceiver(writer, CALLBACKS);
  const perSecond = await send(load, receiver.urls);
  await receiver.close();
  return perSecond;
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "bgsync-callbacks-"));
  const load = fork(new URL("./http-load.ts", import.meta.url), { execArgv: ["--import", "tsx"] });
  try {
    // Not counted: the first rounds ran the raw side at a third of its later speed (its code not yet
    // optimized), which made the first ratios look twice as good as the rest.
    await ours(dir, load);
    await raw(oneRowWriter(dir), load);
    await raw(apiRowsWriter(dir), load);
    await raw(noWriter(), load);
    const r = await interleave(REPETITIONS, {
      api: () => ours(dir, load),
      raw: () => raw(oneRowWriter(dir), load),
      rawRows: () => raw(apiRowsWriter(dir), load),
      rawWithoutWrite: () => raw(noWriter(), load),
    });
    const api = r.api.map((a) => a.ending);
    const ratios = api.map((a, i) => a / r.raw[i]!);
    const toRows = api.map((a, i) => a / r.rawRows[i]!);
    const replays = r.api.map((a, i) => a.replayed / r.raw[i]!);
    const withoutWrite = r.rawWithoutWrite.map((b, i) => b / r.raw[i]!);
    return {
      name: "callback-route",
      figures: {
        callbacks: CALLBACKS,
        concurrency: CONCURRENCY,
        apiPerSecond: Math.round(measured(api).median),
        apiReplayedPerSecond: Math.round(measured(r.api.map((a) => a.replayed)).median),
        rawPerSecond: Math.round(measured(r.raw).median),
        rawRowsPerSecond: Math.round(measured(r.rawRows).median),
        rawWithoutWritePerSecond: Math.round(measured(r.rawWithoutWrite).median),
      },
      goals: [
        atLeast("callbacks/s, API / raw node:http", measured(ratios), 0.5, ">= 0.5x raw"),
        figure("callbacks/s, API / raw node:http storing the API's rows", measured(toRows)),
        figure(
          "callbacks/s, API answering the same callbacks again (one store read, no Dataverse, no write) / raw",
          measured(replays),
        ),
        figure("callbacks/s, raw node:http without its write / raw", measured(withoutWrite)),
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
  for (const g of r.goals) console.log(g.met, g.label, g.value.runs.map((v) => v.toFixed(2)).join(" "));
}
