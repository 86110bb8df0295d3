import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/index";
import type { Job } from "../../server/jobs/job-json";
import { startServer, type RunningServer } from "../../server/start";
import { emulatorAdmin, postSyncJob } from "./support/emulator";
import { testConfig } from "./support/harness";
import { frames, sseReader } from "./support/sse";

/**
 * A start whose answer is lost after Dataverse queued the operation must not run its batch twice:
 * the API finds the first attempt among the `backgroundoperations` rows and adopts it. The
 * callback of that batch is dropped too, so only the lookup can find it.
 */

const ACCOUNTS = 600;
const START = "POST /api/data/v9.2/sample_SyncRecordsToExternalSystem";
let emulator: RunningEmulator;
let admin: ReturnType<typeof emulatorAdmin>;
let api: RunningServer;

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    accountCount: ACCOUNTS,
    timeScale: 0.01,
    plugin: { msPerRecord: 2, timeBudgetMs: 400 },
  });
  admin = emulatorAdmin(emulator);
  api = await startServer(
    testConfig({
      DATAVERSE_URL: emulator.url,
      ALLOWED_URL_ORIGINS: emulator.url,
      DATAVERSE_TIMEOUT_MS: "1500",
      RECONCILE_AFTER_SECONDS: "1",
      RECONCILE_POLL_FLOOR_SECONDS: "1",
      RECONCILE_TICK_MS: "100",
    }),
  );
});
afterAll(async () => {
  await api?.close();
  await emulator?.close();
});
beforeEach(async () => {
  await admin.reset();
});

const lastEvent = async (job: Job) =>
  frames(await sseReader(await fetch(`${api.url}${job.links.events}`)).end()).at(-1)!.job as Job;

describe("an ambiguous start", () => {
  it.each([
    ["a 500", 500 as const],
    ["no answer", "timeout" as const],
  ])("answered with %s after Dataverse queued it runs its batch once", async (_, status) => {
    await admin.call("POST", "/faults", {
      requests: [{ route: START, status, served: true }],
      callbacks: { drop: 1 },
    });
    const { status: started, job } = await postSyncJob(api.url, emulator);
    expect(started).toBe(202);
    expect(job.status).toBe("queued");
    const last = await lastEvent(job);
    expect(last).toMatchObject({ status: "succeeded", progress: { synced: ACCOUNTS } });
    const counters = await admin.counters();
    expect(counters.byRoute[START]).toBe(last.operations.length);
    expect(counters.byRoute["GET /api/data/v9.2/backgroundoperations"]).toBe(1);
    expect(await admin.erp()).toMatchObject({ uniqueCount: ACCOUNTS, duplicateCount: 0 });
  });
});
