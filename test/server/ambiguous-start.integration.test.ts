import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/index";
import type { Job } from "../../server/jobs/job-json";
import { startServer, type RunningServer } from "../../server/start";
import { emulatorAdmin, postSyncJob, syncAccountsInput } from "./support/emulator";
import { freePort } from "./support/free-port";
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
const fastReconcile = {
  DATAVERSE_TIMEOUT_MS: "1500",
  RECONCILE_AFTER_SECONDS: "1",
  RECONCILE_POLL_FLOOR_SECONDS: "1",
  RECONCILE_TICK_MS: "100",
};

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
      ...fastReconcile,
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

const lastEvent = async (job: Job, base = api) =>
  frames(await sseReader(await fetch(`${base.url}${job.links.events}`)).end()).at(-1)!.job;

async function until(done: () => Promise<boolean>) {
  while (!(await done())) await new Promise((resolve) => setTimeout(resolve, 20));
}

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

  it("cut short by a SIGKILL while waiting for Dataverse's answer: the restarted API adopts the batch", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bgsync-start-"));
    const env = {
      STORE_URL: `sqlite:${join(dir, "bgsync.db")}`,
      DATAVERSE_URL: emulator.url,
      ALLOWED_URL_ORIGINS: emulator.url,
      ...fastReconcile,
      DATAVERSE_TIMEOUT_MS: "60000",
    };
    try {
      await admin.call("POST", "/faults", {
        requests: [{ route: START, status: "timeout", served: true }],
        callbacks: { drop: 1 },
      });
      const port = await freePort();
      const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
        env: { ...process.env, ...env, PORT: String(port), AUTH_MODE: "none", LOG_LEVEL: "silent" },
        stdio: "ignore",
      });
      const exited = new Promise((resolve) => child.once("exit", resolve));
      const childUrl = `http://127.0.0.1:${port}`;
      await until(() =>
        fetch(`${childUrl}/healthz`).then(
          (r) => r.ok,
          () => false,
        ),
      );
      const pending = postSyncJob(childUrl, emulator).catch(() => null);
      // Queued and running in Dataverse (its records reach the ERP), and the API still waits.
      await until(async () => (await admin.erp()).requestCount > 0);
      child.kill("SIGKILL");
      await exited;
      expect(await pending).toBeNull();

      const restarted = await startServer(testConfig(env));
      try {
        const { id } = syncAccountsInput(emulator).target;
        const list = (await (await fetch(`${restarted.url}/api/jobs?entity=account&id=${id}`)).json()) as {
          items: Job[];
        };
        expect(list.items).toHaveLength(1);
        const last = await lastEvent(list.items[0]!, restarted);
        expect(last).toMatchObject({ status: "succeeded", progress: { synced: ACCOUNTS } });
        expect((await admin.counters()).byRoute[START]).toBe(last.operations.length);
        expect(await admin.erp()).toMatchObject({ uniqueCount: ACCOUNTS, duplicateCount: 0 });
      } finally {
        await restarted.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
