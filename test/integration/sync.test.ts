import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/index";
import { COMPANION_API_AUDIENCE, DEMO_USER, EMULATOR_TENANT_ID } from "../../emulator/identities";
import { loadConfig } from "../../server/config";
import { startServer } from "../../server/start";
import { readSse } from "../support/sse";

const ACCOUNTS = 1200;
let emulator: RunningEmulator;
let api: { url: string; close(): Promise<void> };
let token: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, mode: "test", accountCount: ACCOUNTS, timeScale: 0.01 });
  const authority = `${emulator.url}/${EMULATOR_TENANT_ID}`;
  api = await startServer(
    loadConfig({
      PORT: "0",
      DATAVERSE_URL: emulator.url,
      STORE_URL: "sqlite::memory:",
      ALLOWED_ORIGINS: emulator.url,
      ALLOWED_URL_ORIGINS: emulator.url,
      AUTH_MODE: "entra",
      AUTH_ISSUER: `${authority}/v2.0`,
      AUTH_AUDIENCE: COMPANION_API_AUDIENCE,
      AUTH_TENANT_ID: EMULATOR_TENANT_ID,
      AUTH_JWKS_URL: `${authority}/discovery/v2.0/keys`,
      LOG_LEVEL: "silent",
    }),
  );
  const minted = await fetch(`${emulator.url}/_emulator/tokens/user`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ objectId: DEMO_USER.objectId }),
  });
  token = ((await minted.json()) as { access_token: string }).access_token;
});

afterAll(async () => {
  await api?.close();
  await emulator?.close();
});

interface Job {
  id: string;
  status: string;
  progress: { synced: number; failed: number; total: number | null; batches: number };
  requestedBy: { objectId: string };
}

describe("a sync from the API through the emulator and back", () => {
  it("starts a job, streams it to the end, and the ERP holds every account", async () => {
    const auth = { authorization: `Bearer ${token}` };
    const accounts = (await (await fetch(`${emulator.url}/_emulator/erp`, { headers: auth })).json()) as {
      uniqueCount: number;
    };
    expect(accounts.uniqueCount).toBe(0);

    const started = await fetch(`${api.url}/api/jobs`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json", origin: emulator.url },
      body: JSON.stringify({
        customApi: "sample_SyncRecordsToExternalSystem",
        parameters: {
          EntityName: "account",
          SyncMode: "Full",
          ExternalSystemUrl: `${emulator.url}/erp/v1/customers`,
        },
        target: { entity: "account", id: emulator.accounts[0]!.accountid },
      }),
    });
    expect(started.status, await started.clone().text()).toBe(202);
    const job = (await started.json()) as Job;
    expect(started.headers.get("location")).toBe(`/api/jobs/${job.id}`);
    expect(job.status).toBe("queued");

    const stream = await readSse(`${api.url}/api/jobs/${job.id}/events`, { headers: auth });
    expect(stream.status).toBe(200);
    const jobs = stream.events.map((event) => JSON.parse(event.data) as Job);
    const ids = stream.events.map((event) => Number(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const last = jobs.at(-1)!;
    expect(last.status).toBe("succeeded");
    expect(last.progress.synced).toBe(ACCOUNTS);
    expect(last.requestedBy.objectId).toBe(DEMO_USER.objectId);

    const stored = (await (await fetch(`${api.url}/api/jobs/${job.id}`, { headers: auth })).json()) as Job;
    expect(stored).toEqual(last);
    const erp = (await (await fetch(`${emulator.url}/_emulator/erp`)).json()) as {
      uniqueCount: number;
      duplicateCount: number;
    };
    expect(erp).toMatchObject({ uniqueCount: ACCOUNTS, duplicateCount: 0 });
  });
});
