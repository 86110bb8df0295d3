import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../server/config";
import { createLogger } from "../server/logger";
import { createDeliverer } from "../server/notify/deliverer";
import { createNotificationPlanner } from "../server/notify/plan";
import { createSqliteStore } from "../server/store/sqlite-store";
import type { Store } from "../server/store/store";
import { figure, type BenchResult } from "./result";
import { interleave, measured } from "./stats";
import { sampleJob } from "./sample-job";

/**
 * Signed deliveries per second from the SQLite outbox to a local receiver (durable claim, one POST,
 * durable record per event): one row per pass against passes of 50 sent concurrently. Then the
 * latency from a job's final save to the receiver hearing it (the writer wakes the deliverer).
 */
const EVENTS = 1000;
const LATENCY_SAMPLES = 40;
const SECRET = "whsec_5SUP2RYtlaxEaPddyRYZg3izK58hP6VA";

async function receiver(onRequest: () => void) {
  const server = createServer((req, res) => {
    req.resume().on("end", () => {
      onRequest();
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

async function endJobs(store: Store, plan: ReturnType<typeof createNotificationPlanner>, n: number) {
  await Promise.all(
    Array.from({ length: n }, () => {
      const job = {
        ...sampleJob(),
        status: "succeeded" as const,
        startedAt: Date.now(),
        endedAt: Date.now(),
      };
      return store.save({ job, expectedVersion: 0, notifications: plan(job, Date.now()) });
    }),
  );
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "bgsync-bench-"));
  let heard = () => {};
  const { url, server } = await receiver(() => heard());
  try {
    const config = loadConfig({ NOTIFY_RECEIVERS: JSON.stringify([{ name: "r", url, secrets: [SECRET] }]) });
    const plan = createNotificationPlanner({ receivers: config.notify.receivers, publicBaseUrl: "http://x" });
    const store = createSqliteStore(`sqlite:${join(dir, "bench.db")}`);
    const deps = {
      store,
      notify: config.notify,
      clock: { now: () => Date.now() },
      logger: createLogger("silent"),
    };
    const perSecond = async (batch: number) => {
      await endJobs(store, plan, EVENTS);
      const deliverer = createDeliverer({ ...deps, batch });
      const started = performance.now();
      while ((await deliverer.tick()) > 0);
      return EVENTS / ((performance.now() - started) / 1000);
    };
    const r = await interleave(3, { oneByOne: () => perSecond(1), batched: () => perSecond(50) });
    const oneByOne = measured(r.oneByOne).median;
    const batched = measured(r.batched).median;

    const deliverer = createDeliverer(deps);
    deliverer.start();
    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const got = new Promise<void>((resolve) => (heard = resolve));
      const ended = performance.now();
      await endJobs(store, plan, 1);
      deliverer.wake(); // as the job writer does once a job's final state is saved
      await got;
      latencies.push(performance.now() - ended);
    }
    await deliverer.stop();
    await store.close();
    latencies.sort((a, b) => a - b);
    return {
      name: "notify-delivery",
      figures: {
        events: EVENTS,
        oneAtATimePerSecond: Math.round(oneByOne),
        batch50PerSecond: Math.round(batched),
        latencyP50Ms: Math.round(latencies[Math.floor(LATENCY_SAMPLES / 2)]!),
        latencyMaxMs: Math.round(latencies.at(-1)!),
      },
      goals: [figure("passes of 50 / one at a time", measured(r.batched.map((b, i) => b / r.oneByOne[i]!)))],
    };
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
