import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USER, OTHER_USER, startEmulator, type RunningEmulator } from "../../emulator/index";
import type { Job } from "../../server/jobs/job-view";
import { startServer, type RunningServer } from "../../server/start";
import { testConfig } from "./support/harness";
import { frames, sseReader } from "./support/sse";

/** The API against the real emulator over loopback: tokens, Custom API metadata, callbacks, SSE. */

let emulator: RunningEmulator;
let api: RunningServer;
let entraApi: RunningServer;

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    accountCount: 1000,
    timeScale: 0.01,
    plugin: { msPerRecord: 2, timeBudgetMs: 500 },
  });
  const env = { DATAVERSE_URL: emulator.url, ALLOWED_URL_ORIGINS: emulator.url, RECONCILE_TICK_MS: "1000" };
  api = await startServer(testConfig(env));
  entraApi = await startServer(testConfig({ ...env, AUTH_MODE: "entra" }));
});
afterAll(async () => {
  await api?.close();
  await entraApi?.close();
  await emulator?.close();
});

const input = () => ({
  customApi: "sample_SyncRecordsToExternalSystem",
  parameters: { EntityName: "account", SyncMode: "Full", ExternalSystemUrl: emulator.erpUrl },
  target: { entity: "account", id: emulator.accounts[0]!.accountid },
});

async function userToken(objectId: string) {
  const res = await fetch(`${emulator.url}/_emulator/tokens/user`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ objectId }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

describe("companion API + emulator", () => {
  it("runs a chained sync to the end and streams it: every account reaches the ERP once", async () => {
    await fetch(`${emulator.url}/_emulator/reset`, { method: "POST" });
    const res = await fetch(`${api.url}/api/jobs`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(input()),
    });
    expect(res.status).toBe(202);
    const job = (await res.json()) as Job;
    const stream = sseReader(await fetch(`${api.url}${job.links.events}`));
    const all = frames(await stream.end());
    const last = all.at(-1)!.job as Job;
    expect(last.status).toBe("succeeded");
    expect(last.progress.synced).toBe(1000);
    expect(last.progress.batches).toBeGreaterThan(1);
    expect(last.operations.every((o) => o.stateCode === 3 && o.statusCode === 30)).toBe(true);
    const ids = all.map((f) => f.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const erp = (await (await fetch(`${emulator.url}/_emulator/erp`)).json()) as { uniqueCount: number };
    expect(erp.uniqueCount).toBe(1000);
    const stored = (await (await fetch(`${api.url}${job.links.self}`)).json()) as Job;
    expect(stored).toEqual(last);
  });

  it("in entra mode accepts the emulator's user tokens and lets record readers see, not control, others' jobs", async () => {
    const alex = { Authorization: `Bearer ${await userToken(DEMO_USER.objectId)}` };
    expect((await fetch(`${entraApi.url}/api/jobs`)).status).toBe(401);
    const res = await fetch(`${entraApi.url}/api/jobs`, {
      method: "POST",
      headers: { ...alex, "Content-Type": "application/json" },
      body: JSON.stringify(input()),
    });
    expect(res.status).toBe(202);
    const job = (await res.json()) as Job;
    expect(job.requestedBy).toEqual({ objectId: DEMO_USER.objectId, name: DEMO_USER.fullName });
    await sseReader(await fetch(`${entraApi.url}${job.links.events}`, { headers: alex })).end();
    const megan = { Authorization: `Bearer ${await userToken(OTHER_USER.objectId)}` };
    const seen = await fetch(`${entraApi.url}${job.links.self}`, { headers: megan });
    // Every emulator user may read accounts: Megan sees Alex's job on it (asked as her), but may not cancel it.
    expect(seen.status).toBe(200);
    const cancel = await fetch(`${entraApi.url}${job.links.self}/cancel`, { method: "POST", headers: megan });
    expect(cancel.status).toBe(403);
  });
});
