import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/index";
import type { Job } from "../../server/jobs/job-json";
import { startServer, type RunningServer } from "../../server/start";
import { emulatorAdmin, postSyncJob } from "./support/emulator";
import { testConfig } from "./support/harness";
import { frames, sseReader } from "./support/sse";

/** Fan-out and resilience against the emulator: viewers cost Dataverse nothing; faults are recovered. */

const ACCOUNTS = 2000;
let emulator: RunningEmulator;
let admin: ReturnType<typeof emulatorAdmin>;
let api: RunningServer;
let reconcilingApi: RunningServer;

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    accountCount: ACCOUNTS,
    timeScale: 0.01,
    plugin: { msPerRecord: 2, timeBudgetMs: 2000 },
  });
  admin = emulatorAdmin(emulator);
  const env = { DATAVERSE_URL: emulator.url, ALLOWED_URL_ORIGINS: emulator.url };
  // One (dev) user watches with 100 viewers below: above the default per-user stream cap.
  api = await startServer(testConfig({ ...env, SSE_MAX_STREAMS_PER_USER: "100" }));
  reconcilingApi = await startServer(
    testConfig({
      ...env,
      RECONCILE_AFTER_SECONDS: "1",
      RECONCILE_POLL_FLOOR_SECONDS: "1",
      RECONCILE_TICK_MS: "100",
    }),
  );
});
afterAll(async () => {
  await Promise.all([api?.close(), reconcilingApi?.close()]);
  await emulator?.close();
});
beforeEach(async () => {
  await admin.reset();
});

async function startJob(base: RunningServer) {
  const { status, job } = await postSyncJob(base.url, emulator);
  expect(status).toBe(202);
  return job;
}
const watch = async (base: RunningServer, job: Job) =>
  frames(await sseReader(await fetch(`${base.url}${job.links.events}`)).end()).map((f) => ({
    id: f.id,
    job: f.job,
  }));

describe("companion API + emulator under load and faults", () => {
  it.each([1, 100])(
    "at most two Dataverse requests per batch, the start and one row read, with %i viewers",
    async (viewerCount) => {
      const job = await startJob(api);
      const viewers = await Promise.all(Array.from({ length: viewerCount }, () => watch(api, job)));
      const last = viewers[0]!.at(-1)!.job;
      expect(viewers.every((v) => v.at(-1)!.job.status === "succeeded")).toBe(true);
      const batches = last.operations.length;
      expect(batches).toBeGreaterThan(1);
      const dataverse = Object.entries((await admin.counters()).byRoute).filter(([route]) =>
        route.split(" ")[1]!.startsWith("/api/"),
      );
      const perBatch = new Map(dataverse.filter(([, n]) => n > 1));
      expect(Object.fromEntries(perBatch)).toEqual({
        "POST /api/data/v9.2/sample_SyncRecordsToExternalSystem": batches,
        "GET /api/data/v9.2/backgroundoperations(:id)": batches,
      });
      // What remains is the job's start: the Custom API's metadata and the record access check, once.
      const once = dataverse.filter(([route]) => !perBatch.has(route));
      expect(once.length).toBeLessThanOrEqual(3);
      expect((dataverse.reduce((sum, [, n]) => sum + n, 0) - once.length) / batches).toBeLessThanOrEqual(2);
    },
  );

  it("survives dropped, duplicated and reordered callbacks, throttling and server errors", async () => {
    await admin.call("POST", "/faults", {
      callbacks: { drop: 2, duplicate: 2, reorder: 2 },
      requests: [
        {
          route: "POST /api/data/v9.2/sample_SyncRecordsToExternalSystem",
          status: 429,
          count: 1,
          retryAfterSeconds: 1,
        },
        { route: "GET /api/data/v9.2/backgroundoperations(:id)", status: 503, count: 2 },
      ],
    });
    const job = await startJob(reconcilingApi);
    const last = (await watch(reconcilingApi, job)).at(-1)!.job;
    expect(last.status).toBe("succeeded");
    expect(last.progress.synced).toBe(ACCOUNTS);
    expect(last.progress.batches).toBeGreaterThan(1);
    expect((await admin.erp()).uniqueCount).toBe(ACCOUNTS);
    const metrics = await (await fetch(`${reconcilingApi.url}/metrics`)).text();
    expect(metrics).toMatch(/bgsync_dataverse_requests_total\{method="POST",outcome="throttled"\} 1\n/);
    const serverErrors = /bgsync_dataverse_requests_total\{method="GET",outcome="error"\} (\d+)/.exec(
      metrics,
    );
    expect(Number(serverErrors?.[1])).toBeGreaterThanOrEqual(2);
  });
});
