import { fork, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { createCallbackSigner } from "../server/callbacks/signing";
import { loadConfig } from "../server/config";
import { startServer } from "../server/start";
import { instantDataverse } from "./instant-dataverse";
import { createSqliteStore } from "../server/store/sqlite-store";
import { atLeast, type BenchResult } from "./result";
import { interleave, measured } from "./stats";
import { startSampleJob } from "./sample-job";

/**
 * Callbacks per second through the API's route (signature, lock, one read of a Dataverse that
 * answers at once, the transition, one durable write) against the floor any callback receiver has:
 * a raw node:http server checking the same HMAC and making one durable SQLite write (WAL, FULL)
 * with group commit. Same load generator (a child process), same file system, interleaved.
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

async function ours(dir: string, load: ChildProcess): Promise<number> {
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
  const perSecond = await send(load, urls);
  await api.close();
  await store.close();
  return perSecond;
}

/** HMAC check, body read, one row in a group-committed durable transaction, 204. */
async function raw(dir: string, load: ChildProcess): Promise<number> {
  const db = new Database(join(dir, `raw-${randomUUID()}.db`));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec("CREATE TABLE callbacks (operation_id TEXT PRIMARY KEY, body TEXT NOT NULL)");
  const insert = db.prepare("INSERT OR REPLACE INTO callbacks VALUES (?, ?)");
  let queue: { id: string; body: string; done: () => void }[] = [];
  const flush = db.transaction((batch: typeof queue) => batch.forEach((w) => insert.run(w.id, w.body)));
  const write = (id: string, body: string) =>
    new Promise<void>((done) => {
      if (queue.push({ id, body, done }) > 1) return;
      setImmediate(() => {
        const batch = queue;
        queue = [];
        flush.immediate(batch);
        batch.forEach((w) => w.done());
      });
    });
  const signer = createCallbackSigner({
    keys: [{ kid: "k", secret: "bench-secret" }],
    ttlSeconds: 3600,
    publicBaseUrl: "http://127.0.0.1:0",
    clock: { now: () => Date.now() },
  });
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const id = url.pathname.split("/").at(-1) ?? "";
    const check = signer.verify(id, url.searchParams.get("exp") ?? "", url.searchParams.get("sig") ?? "");
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      if (!check.ok) return void res.writeHead(401).end();
      void write(id, body).then(() => res.writeHead(204).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const urls = Array.from({ length: CALLBACKS }, () =>
    signer.urlFor(randomUUID()).replace("http://127.0.0.1:0", `http://127.0.0.1:${port}`),
  );
  const perSecond = await send(load, urls);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  db.close();
  return perSecond;
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "bgsync-callbacks-"));
  const load = fork(new URL("./http-load.ts", import.meta.url), { execArgv: ["--import", "tsx"] });
  try {
    // Not counted: the first rounds ran the raw side at a third of its later speed (its code not yet
    // optimized), which made the first ratios look twice as good as the rest.
    await ours(dir, load);
    await raw(dir, load);
    const r = await interleave(REPETITIONS, { api: () => ours(dir, load), raw: () => raw(dir, load) });
    const ratios = r.api.map((a, i) => a / r.raw[i]!);
    return {
      name: "callback-route",
      figures: {
        callbacks: CALLBACKS,
        concurrency: CONCURRENCY,
        apiPerSecond: Math.round(measured(r.api).median),
        rawPerSecond: Math.round(measured(r.raw).median),
      },
      goals: [atLeast("callbacks/s, API / raw node:http", measured(ratios), 0.5, ">= 0.5x raw")],
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
