import { fork } from "node:child_process";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { loadConfig } from "../server/config";
import type { Job } from "../server/jobs/job-json";
import { startServer } from "../server/start";
import { instantDataverse } from "./instant-dataverse";
import { atMost, type BenchResult } from "./result";
import { interleave, measured, quantile } from "./stats";

/**
 * One job event to many SSE viewers through the API's `GET /api/jobs/{id}/events` (the event comes
 * from a callback, as in production) against a raw node:http SSE server that writes one encoded
 * frame to every response. Measured per side: each viewer's delivery time after the trigger (p50,
 * p99) and the server's heap per open connection. Viewers live in a child process.
 */
const VIEWERS = Number(process.argv.find((a) => a.startsWith("--viewers="))?.slice(10) ?? 10_000);
const REPETITIONS = 5;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const now = () => performance.timeOrigin + performance.now();

interface Side {
  port: number;
  path: string;
  trigger: () => Promise<void> | void;
  close: () => Promise<void>;
}

/**
 * The heap once the other side's closed sockets are collected: their cleanup runs over many turns
 * after close, and a baseline taken before it ends makes this side's connections look free.
 */
async function settledHeap() {
  let previous = heap();
  for (let i = 0; i < 30; i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = heap();
    if (Math.abs(now - previous) < 256 * 1024) return now;
    previous = now;
  }
  return previous;
}

async function measure(open: () => Promise<Side>, viewers = VIEWERS) {
  const side = await open();
  const before = await settledHeap();
  const clients = fork(
    new URL("./sse-clients.ts", import.meta.url),
    [String(side.port), side.path, String(viewers)],
    {
      execArgv: ["--import", "tsx"],
    },
  );
  const next = <T>(type: string) =>
    new Promise<T>((resolve) =>
      clients.on("message", (m: { type: string } & T) => m.type === type && resolve(m)),
    );
  await next("ready");
  const kbPerConnection = ((await settledHeap()) - before) / viewers / 1024;
  const done = next<{ arrivals: number[] }>("done");
  const triggeredAt = now();
  await side.trigger();
  const delays = (await done).arrivals.map((at) => at - triggeredAt);
  const exited = new Promise((resolve) => clients.once("exit", resolve));
  clients.send("close");
  await exited;
  await side.close();
  return { p50: quantile(delays, 0.5), p99: quantile(delays, 0.99), kbPerConnection };
}

async function api(): Promise<Side> {
  const callbacks: string[] = [];
  const server = await startServer(
    loadConfig({
      PORT: "0",
      STORE_URL: "sqlite::memory:",
      AUTH_MODE: "none",
      LOG_LEVEL: "silent",
      SSE_MAX_STREAMS_PER_USER: String(VIEWERS * 2),
      ALLOWED_URL_ORIGINS: "http://127.0.0.1:7071",
    }),
    { dataverse: instantDataverse(callbacks, { stateCode: 2, statusCode: 20 }) },
  );
  const res = await fetch(`${server.url}/api/jobs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      customApi: "sample_SyncRecordsToExternalSystem",
      parameters: { EntityName: "account", SyncMode: "Full", ExternalSystemUrl: "http://127.0.0.1:7071/erp" },
      target: { entity: "account", id: "6d0c2e4a-1111-4222-8333-444455556666" },
    }),
  });
  const job = (await res.json()) as Job;
  return {
    port: Number(new URL(server.url).port),
    path: job.links.events,
    // Dataverse says the batch runs: the job turns running, one event to every viewer.
    trigger: async () => void (await fetch(callbacks[0]!, { method: "POST", body: "{}" })),
    close: () => server.close(),
  };
}

/** The least an SSE server can do: one frame encoded once, written to every open response. */
async function raw(): Promise<Side> {
  const open = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    res.write(`id: 1\nevent: job\ndata: {"status":"queued"}\n\n`);
    open.add(res);
    req.on("close", () => open.delete(res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    path: "/events",
    trigger: () => {
      const frame = Buffer.from(`id: 2\nevent: change\ndata: {"job":{"status":"running"}}\n\n`);
      for (const res of open) res.write(frame);
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export async function run(): Promise<BenchResult> {
  // Not counted: the first streams of a process pay for what is built once (code, caches), which
  // made the first repetition's heap per connection up to three times the others'.
  await measure(api, 1000);
  await measure(raw, 1000);
  const r = await interleave(REPETITIONS, { api: () => measure(api), raw: () => measure(raw) });
  const ratio = (k: "p99" | "kbPerConnection") => measured(r.api.map((a, i) => a[k] / r.raw[i]![k]));
  const median = (side: typeof r.api, k: "p50" | "p99" | "kbPerConnection") =>
    Number(measured(side.map((s) => s[k])).median.toFixed(1));
  return {
    name: "sse-fanout",
    figures: {
      viewers: VIEWERS,
      apiP50Ms: median(r.api, "p50"),
      apiP99Ms: median(r.api, "p99"),
      rawP50Ms: median(r.raw, "p50"),
      rawP99Ms: median(r.raw, "p99"),
      apiKbPerConnection: median(r.api, "kbPerConnection"),
      rawKbPerConnection: median(r.raw, "kbPerConnection"),
    },
    goals: [
      atMost("SSE delivery p99, API / raw node:http", ratio("p99"), 1.25, "<= 1.25x raw"),
      atMost("SSE heap per connection, API / raw node:http", ratio("kbPerConnection"), 1.25, "<= 1.25x raw"),
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run();
  console.log(r.figures);
  for (const g of r.goals) console.log(g.met, g.label, g.value.runs.map((v) => v.toFixed(2)).join(" "));
}
