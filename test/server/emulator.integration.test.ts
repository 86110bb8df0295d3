import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_USER, OTHER_USER, startEmulator, type RunningEmulator } from "../../emulator/index";
import type { Job } from "../../server/jobs/job-json";
import { startServer, type RunningServer } from "../../server/start";
import { emulatorAdmin, postSyncJob } from "./support/emulator";
import { testConfig } from "./support/harness";
import { frames, sseReader } from "./support/sse";

/** The API against the real emulator over loopback: tokens, Custom API metadata, callbacks, SSE. */

const ACCOUNTS = 10_000;
let emulator: RunningEmulator;
let admin: ReturnType<typeof emulatorAdmin>;
let api: RunningServer;
let entraApi: RunningServer;

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    accountCount: ACCOUNTS,
    timeScale: 0.01,
    plugin: { msPerRecord: 2, timeBudgetMs: 8000 },
  });
  admin = emulatorAdmin(emulator);
  const env = { DATAVERSE_URL: emulator.url, ALLOWED_URL_ORIGINS: emulator.url };
  api = await startServer(testConfig(env));
  entraApi = await startServer(testConfig({ ...env, AUTH_MODE: "entra" }));
});
afterAll(async () => {
  await Promise.all([api?.close(), entraApi?.close()]);
  await emulator?.close();
});
beforeEach(async () => {
  await admin.reset();
});

async function startJob(base: RunningServer, headers: Record<string, string> = {}) {
  const { status, job } = await postSyncJob(base.url, emulator, headers);
  expect(status).toBe(202);
  return job;
}
const watch = async (base: RunningServer, job: Job, headers: Record<string, string> = {}) =>
  frames(await sseReader(await fetch(`${base.url}${job.links.events}`, { headers })).end()).map((f) => ({
    id: f.id,
    job: f.job,
  }));

describe("companion API + emulator", () => {
  it(`syncs ${ACCOUNTS} accounts in chained batches with exact counts and progress events in order`, async () => {
    const job = await startJob(api);
    const events = await watch(api, job);
    const last = events.at(-1)!.job;
    expect(last.status).toBe("succeeded");
    expect(last.progress).toMatchObject({ synced: ACCOUNTS, failed: 0 });
    expect(last.progress.batches).toBeGreaterThan(5);
    expect(last.operations.every((o) => o.stateCode === 3 && o.statusCode === 30)).toBe(true);
    expect(events.map((e) => e.id)).toEqual(events.map((e) => e.id).sort((a, b) => a - b));
    const synced = events.map((e) => e.job.progress.synced);
    expect(synced).toEqual([...synced].sort((a, b) => a - b));
    expect((await admin.erp()).uniqueCount).toBe(ACCOUNTS);
    expect(await (await fetch(`${api.url}${job.links.self}`)).json()).toEqual(last);
  });

  it("in entra mode accepts the emulator's user tokens and lets record readers see, not control, others' jobs", async () => {
    const token = async (objectId: string) =>
      (await admin.call<{ access_token: string }>("POST", "/tokens/user", { objectId })).access_token;
    const alex = { Authorization: `Bearer ${await token(DEMO_USER.objectId)}` };
    expect((await fetch(`${entraApi.url}/api/jobs`)).status).toBe(401);
    const job = await startJob(entraApi, alex);
    expect(job.requestedBy).toEqual({ objectId: DEMO_USER.objectId, name: DEMO_USER.fullName });
    await watch(entraApi, job, alex);
    const megan = { Authorization: `Bearer ${await token(OTHER_USER.objectId)}` };
    // Every emulator user may read accounts: Megan sees Alex's job on it (asked as her), but may not cancel it.
    expect((await fetch(`${entraApi.url}${job.links.self}`, { headers: megan })).status).toBe(200);
    const cancel = await fetch(`${entraApi.url}${job.links.self}/cancel`, { method: "POST", headers: megan });
    expect(cancel.status).toBe(403);
  });

  it("a cancel while batch 1 runs counts what that batch synced, and resume continues after it", async () => {
    // ERP requests are held until released: once the first one waits, batch 1 is surely running.
    await admin.call("POST", "/faults", { erp: { hold: true } });
    const job = await startJob(api);
    await admin.held("erp");
    const cancel = await fetch(`${api.url}${job.links.self}/cancel`, { method: "POST" });
    expect(((await cancel.json()) as Job).status).toBe("canceling");
    await admin.call("DELETE", "/faults");

    const canceled = (await watch(api, job)).at(-1)!.job;
    expect(canceled.status).toBe("canceled");
    expect(canceled.operations.map((o) => [o.stateCode, o.statusCode])).toEqual([[3, 32]]);
    const sent = await admin.erp();
    expect(sent.uniqueCount).toBeGreaterThan(0);
    expect(canceled.progress).toMatchObject({ synced: sent.uniqueCount, failed: 0, batches: 1 });

    const resumed = await fetch(`${api.url}${job.links.self}/resume`, { method: "POST" });
    expect(resumed.status).toBe(202);
    const last = (await watch(api, job)).at(-1)!.job;
    expect(last.status).toBe("succeeded");
    expect(last.progress).toMatchObject({ synced: ACCOUNTS, failed: 0 });
    expect(await admin.erp()).toMatchObject({ uniqueCount: ACCOUNTS, duplicateCount: 0 });
  });
});
