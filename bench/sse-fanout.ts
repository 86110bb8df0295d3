import { EventEmitter } from "node:events";
import { fork } from "node:child_process";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { serve, type HttpBindings } from "@hono/node-server";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { createEventHub } from "../server/events/hub";
import { streamJob } from "../server/events/viewer-stream";
import { nodeSink } from "../server/events/sse-sink";
import { createSqliteStore } from "../server/store/sqlite-store";
import type { BenchResult } from "./result";
import { sampleJob } from "./sample-job";

/**
 * One job event delivered to many SSE viewers: the product's path (each event encoded once, the same
 * bytes written to every Node response) against Hono's `streamSSE` helper (a web stream and an
 * encode per viewer). Measured: time from publish until every viewer has the frame, and server
 * heap per open connection.
 */
const VIEWERS = Number(process.argv.find((a) => a.startsWith("--viewers="))?.slice(10) ?? 10_000);

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const now = () => performance.timeOrigin + performance.now();

async function measure(path: string, app: Hono<{ Bindings: HttpBindings }>, publish: () => void) {
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s as Server));
  });
  const { port } = server.address() as AddressInfo;
  const before = heap();
  // The viewers are TypeScript too: load them through tsx, as this process was.
  const clients = fork(new URL("./sse-clients.ts", import.meta.url), [String(port), path, String(VIEWERS)], {
    execArgv: ["--import", "tsx"],
  });
  const next = (type: string) =>
    new Promise<{ at: number }>((resolve) =>
      clients.on("message", (m: { type: string; at: number }) => m.type === type && resolve(m)),
    );
  await next("ready");
  const perConnection = (heap() - before) / VIEWERS;
  const done = next("done");
  const publishedAt = now();
  publish();
  const deliveredMs = (await done).at - publishedAt;
  const exited = new Promise((resolve) => clients.once("exit", resolve));
  clients.send("close");
  await exited;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  return { deliveredMs, kbPerConnection: perConnection / 1024 };
}

export async function run(): Promise<BenchResult> {
  const store = createSqliteStore("sqlite::memory:");
  const hub = createEventHub({ heartbeatMs: 15_000 });
  const job = sampleJob();
  const first = await store.save({
    job,
    expectedVersion: 0,
    event: { data: JSON.stringify(job), terminal: false },
  });
  const data = JSON.stringify({ ...job, status: "running" });

  const product = new Hono<{ Bindings: HttpBindings }>().get("/events", async (c) => {
    const headers = new Headers({ "content-type": "text/event-stream", "cache-control": "no-cache" });
    await streamJob({
      jobId: job.id,
      lastEventId: null,
      store,
      hub,
      sink: nodeSink(c.env.outgoing, headers),
    });
    return RESPONSE_ALREADY_SENT;
  });
  const emitter = new EventEmitter().setMaxListeners(0);
  const reference = new Hono<{ Bindings: HttpBindings }>().get("/events", (c) =>
    streamSSE(c, async (stream) => {
      const latest = await store.latestEvent(job.id);
      await stream.writeSSE({ id: String(latest?.seq), event: "job", data: latest?.data ?? "" });
      const forward = (seq: number) => void stream.writeSSE({ id: String(seq), event: "job", data });
      emitter.on("event", forward);
      await new Promise<void>((resolve) => stream.onAbort(resolve));
      emitter.off("event", forward);
    }),
  );

  const seq = (first.seq ?? 0) + 1;
  const ours = await measure("/events", product, () =>
    hub.publish({ seq, jobId: job.id, data, terminal: false }),
  );
  const helper = await measure("/events", reference, () => emitter.emit("event", seq));
  hub.closeAll();
  await store.close();
  return {
    name: "sse-fanout",
    figures: {
      viewers: VIEWERS,
      encodedOnceMs: Math.round(ours.deliveredMs),
      streamSseMs: Math.round(helper.deliveredMs),
      encodedOnceKbPerConnection: Number(ours.kbPerConnection.toFixed(1)),
      streamSseKbPerConnection: Number(helper.kbPerConnection.toFixed(1)),
    },
    ratio: { label: "streamSSE time / encoded-once time", value: helper.deliveredMs / ours.deliveredMs },
  };
}
