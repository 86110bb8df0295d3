import { subscribe } from "node:diagnostics_channel";
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../emulator/index";
import type { Job } from "../server/jobs/job-json";
import { loadConfig } from "../server/config";
import { startServer, type RunningServer } from "../server/start";
import { atMost, type BenchResult } from "./result";
import { measured, median, quantile } from "./stats";

/**
 * A chained sync against the emulator, in this process, with 1, 100 and 1,000 SSE viewers (in a
 * child process). Per batch: Dataverse requests (the emulator's counters), and the gap from the
 * batch's callback reaching the API to the next batch's start reaching the emulator (both seen at
 * the HTTP servers). Overhead: the gaps against the batches' own run times (the rows' start/end).
 */
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const ACCOUNTS = Number(arg("accounts") ?? 8_000);
const REPETITIONS = Number(arg("repetitions") ?? 2);
const VIEWERS = (arg("viewers") ?? "1,100,1000").split(",").map(Number);

/** Every request either server received, by the port it came in on. */
type Seen = { at: number; port: number; method: string; url: string };
const seen: Seen[] = [];
subscribe("http.server.request.start", (message) => {
  const { request } = message as { request: IncomingMessage };
  const port = request.socket.localPort ?? 0;
  seen.push({ at: performance.now(), port, method: request.method ?? "", url: request.url ?? "" });
});

async function admin(emulator: RunningEmulator, method: string, path: string, body?: unknown) {
  const res = await fetch(`${emulator.url}/_emulator${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json() as Promise<Record<string, unknown>>;
}

/** Viewers in their own process; resolves once every one has the job's first frame. */
async function openViewers(api: RunningServer, job: Job, count: number) {
  const port = new URL(api.url).port;
  const clients = fork(
    new URL("./sse-clients.ts", import.meta.url),
    [port, job.links.events, String(count)],
    {
      execArgv: ["--import", "tsx"],
    },
  );
  await new Promise<void>((resolve) =>
    clients.on("message", (m: { type: string }) => m.type === "ready" && resolve()),
  );
  return () => {
    const exited = new Promise((resolve) => clients.once("exit", resolve));
    clients.send("close");
    return exited;
  };
}

async function waitEnded(api: RunningServer, job: Job): Promise<Job> {
  for (;;) {
    const current = (await (await fetch(`${api.url}${job.links.self}`)).json()) as Job;
    if (["succeeded", "failed", "canceled"].includes(current.status)) return current;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function oneJob(emulator: RunningEmulator, api: RunningServer, viewers: number) {
  await admin(emulator, "POST", "/reset");
  // The first run waits until every viewer is connected: the job is measured with its audience.
  await admin(emulator, "POST", "/faults", { plugin: { hold: true } });
  const res = await fetch(`${api.url}/api/jobs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      customApi: "sample_SyncRecordsToExternalSystem",
      parameters: { EntityName: "account", SyncMode: "Full", ExternalSystemUrl: emulator.erpUrl },
      target: { entity: "account", id: emulator.accounts[0]!.accountid },
    }),
  });
  const job = (await res.json()) as Job;
  const close = await openViewers(api, job, viewers);
  seen.length = 0;
  await admin(emulator, "POST", "/faults", { plugin: { hold: false } });
  const done = await waitEnded(api, job);
  const counters = (await admin(emulator, "GET", "/counters")) as { byRoute: Record<string, number> };
  await close();
  if (done.status !== "succeeded") throw new Error(`bench job ended ${done.status}`);
  return { job: done, counters: counters.byRoute, seen: [...seen] };
}

function analyse(run: Awaited<ReturnType<typeof oneJob>>, api: number, emulator: number) {
  const callbacks = new Map<string, number>();
  for (const s of run.seen)
    if (s.port === api && s.url.startsWith("/callbacks/")) {
      const op = s.url.split("?")[0]!;
      if (!callbacks.has(op)) callbacks.set(op, s.at);
    }
  const starts = run.seen.filter(
    (s) => s.port === emulator && s.method === "POST" && s.url.includes("sample_SyncRecords"),
  );
  const callbackTimes = [...callbacks.values()].sort((a, b) => a - b);
  // Batch n's callback is followed by batch n+1's start: the gap is the API's part of the hand-off.
  const gaps = starts.map((s) => s.at - (callbackTimes.filter((c) => c <= s.at).at(-1) ?? Number.NaN));
  const handoffs = gaps.filter((g) => Number.isFinite(g));
  const runMs = run.job.operations.reduce(
    (sum, o) => sum + (Date.parse(o.endedAt ?? "") - Date.parse(o.startedAt ?? "")),
    0,
  );
  const batches = run.job.operations.length;
  const dataverse = Object.entries(run.counters).filter(([route]) =>
    route.split(" ")[1]!.startsWith("/api/"),
  );
  const perBatch = dataverse.filter(([, n]) => n > 1).reduce((sum, [, n]) => sum + n, 0) / batches;
  const third = Math.floor(handoffs.length / 3);
  return {
    batches,
    perBatch,
    p50: quantile(handoffs, 0.5),
    p99: quantile(handoffs, 0.99),
    max: Math.max(...handoffs),
    growth: median(handoffs.slice(-third)) / median(handoffs.slice(0, third)),
    overhead: (handoffs.reduce((a, b) => a + b, 0) / runMs) * 100,
    batchMs: runMs / batches,
  };
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "bgsync-chain-"));
  const emulator = await startEmulator({
    port: 0,
    accountCount: ACCOUNTS,
    timeScale: 0.1,
    serviceProtection: false,
    // Batches of about 100 records, 40 ms each: short batches, where the hand-off weighs most.
    plugin: { msPerRecord: 2, timeBudgetMs: 200 },
  });
  const api = await startServer(
    loadConfig({
      PORT: "0",
      STORE_URL: `sqlite:${join(dir, "bench.db")}`,
      AUTH_MODE: "none",
      LOG_LEVEL: "silent",
      DATAVERSE_URL: emulator.url,
      ALLOWED_URL_ORIGINS: emulator.url,
      SSE_MAX_STREAMS_PER_USER: "2000",
    }),
  );
  try {
    const apiServer = Number(new URL(api.url).port);
    const emuServer = Number(new URL(emulator.url).port);
    const runs: Record<number, ReturnType<typeof analyse>[]> = {};
    for (let rep = 0; rep < REPETITIONS; rep++)
      for (const v of rep % 2 ? [...VIEWERS].reverse() : VIEWERS)
        (runs[v] ??= []).push(analyse(await oneJob(emulator, api, v), apiServer, emuServer));
    const one = runs[VIEWERS[0]!]!;
    const most = Math.max(...VIEWERS);
    const pick = (k: keyof ReturnType<typeof analyse>, of = one) => measured(of.map((r) => r[k]));
    const figures: BenchResult["figures"] = {
      accounts: ACCOUNTS,
      batches: pick("batches").median,
      batchMs: Number(pick("batchMs").median.toFixed(1)),
    };
    for (const v of VIEWERS)
      for (const k of ["p50", "p99", "max", "overhead", "perBatch"] as const)
        figures[`${k}@${v}`] = Number(pick(k, runs[v]).median.toFixed(2));
    return {
      name: "chained-job",
      figures,
      goals: [
        ...VIEWERS.map((v) =>
          atMost(`Dataverse requests per batch, ${v} viewer(s)`, pick("perBatch", runs[v]), 2, "<= 2"),
        ),
        atMost("hand-off gap p99, ms (1 viewer)", pick("p99"), 20, "< 20 ms"),
        atMost(`hand-off gap p99, ms (${most} viewers)`, pick("p99", runs[most]), 20, "< 20 ms"),
        atMost("gap growth, last third / first third p50", pick("growth"), 1.5, "<= 1.5 (not growing)"),
        atMost("API overhead, % of batches' run time", pick("overhead"), 2, "< 2 %"),
      ],
    };
  } finally {
    await api.close();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run();
  console.log(r.figures);
  for (const g of r.goals) console.log(g.met, g.label, g.value.runs.map((v) => v.toFixed(2)).join(" "));
}
