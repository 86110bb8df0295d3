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
    job: f.job as Job,
  }));

describe("companion API + emulator under load and faults", () => {
  it("100 viewers of a job cost Dataverse nothing more than the job itself", async () => {
    const job = await startJob(api);
    const viewers = await Promise.all(Array.from({ length: 100 }, () => watch(api, job)));
    const last = viewers[0]!.at(-1)!.job;
    expect(viewers.every((v) => v.at(-1)!.job.status === "succeeded")).toBe(true);
    const byRoute = (await admin.counters()).byRoute;
    const batches = last.operations.length;
    expect(byRoute["GET /api/backgroundoperation/:id"]).toBe(batches);
    expect(byRoute["POST /api/data/v9.2/sample_SyncRecordsToExternalSystem"]).toBe(batches);
  });

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
        { route: "GET /api/backgroundoperation/:id", status: 503, count: 2 },
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
