import { spawn } from "node:child_process";
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { mkdtempSync, rmSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/index";
import type { Job } from "../../server/jobs/job-json";
import { startServer } from "../../server/start";
import { emulatorAdmin, postSyncJob } from "./support/emulator";
import { freePort } from "./support/free-port";
import { testConfig } from "./support/harness";
import { frames, sseReader } from "./support/sse";

/**
 * A batch's hand-off sends the next start before it commits the transition (server/jobs/hand-off.ts).
 * Here the API is killed in that window: its commit is held back by a write lock on its SQLite file
 * while the next start reaches Dataverse, and the kill lands when it does. The restarted API finds
 * the first batch still running in its store; it must adopt the second batch's start, not send it
 * again: every account synced once.
 */

const ACCOUNTS = 600;
const START = "POST /api/data/v9.2/sample_SyncRecordsToExternalSystem";
let emulator: RunningEmulator;
let admin: ReturnType<typeof emulatorAdmin>;

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    accountCount: ACCOUNTS,
    timeScale: 0.01,
    plugin: { msPerRecord: 2, timeBudgetMs: 400 },
  });
  admin = emulatorAdmin(emulator);
});
afterAll(() => emulator?.close());

async function until(done: () => Promise<boolean>) {
  while (!(await done())) await new Promise((resolve) => setTimeout(resolve, 20));
}
const getJob = async (base: string, id: string) =>
  (await (await fetch(`${base}/api/jobs/${id}`)).json()) as Job;

/** Runs `act` the moment the emulator receives the first request `matches` (from now on). */
function onRequest(matches: (request: IncomingMessage) => boolean, act: () => void) {
  return new Promise<void>((resolve) => {
    const listener = (message: unknown) => {
      if (!matches((message as { request: IncomingMessage }).request)) return;
      act();
      unsubscribe("http.server.request.start", listener);
      resolve();
    };
    subscribe("http.server.request.start", listener);
  });
}
const isStart = (r: IncomingMessage) => r.method === "POST" && !!r.url?.includes("sample_SyncRecords");
const isRowRead = (r: IncomingMessage) => r.method === "GET" && !!r.url?.includes("backgroundoperations(");

describe("a hand-off cut short by a SIGKILL", () => {
  it("between the next start and its commit: the restarted API adopts the batch, none is lost or run twice", async () => {
    await admin.reset();
    const dir = mkdtempSync(join(tmpdir(), "bgsync-handoff-"));
    const file = join(dir, "bgsync.db");
    const env = {
      STORE_URL: `sqlite:${file}`,
      DATAVERSE_URL: emulator.url,
      ALLOWED_URL_ORIGINS: emulator.url,
      RECONCILE_AFTER_SECONDS: "1",
      RECONCILE_POLL_FLOOR_SECONDS: "1",
      RECONCILE_TICK_MS: "100",
    };
    try {
      await admin.call("POST", "/faults", { plugin: { hold: true } });
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
      const { job } = await postSyncJob(childUrl, emulator);
      await admin.held("plugin");
      await until(async () => (await getJob(childUrl, job.id)).operations[0]?.backgroundOperationId != null);
      // Once the API reads the first batch's row (its callback came), its commits wait for this
      // lock; the second start does not, and the API dies when it reaches the emulator.
      const db = new Database(file);
      const locked = onRequest(isRowRead, () => db.exec("BEGIN IMMEDIATE"));
      const killed = onRequest(isStart, () => process.kill(child.pid!, "SIGKILL"));
      await admin.call("POST", "/faults", { plugin: { hold: false } });
      await locked;
      await killed;
      await exited;
      db.exec("ROLLBACK");
      db.close();

      const restarted = await startServer(testConfig(env));
      try {
        expect((await getJob(restarted.url, job.id)).operations).toHaveLength(1);
        const res = await fetch(`${restarted.url}${job.links.events}`);
        const last = frames(await sseReader(res).end()).at(-1)!.job;
        expect(last).toMatchObject({ status: "succeeded", progress: { synced: ACCOUNTS } });
        const counters = await admin.counters();
        expect(counters.byRoute[START]).toBe(last.operations.length);
        expect(counters.byRoute["GET /api/data/v9.2/backgroundoperations"]).toBe(1);
        expect(await admin.erp()).toMatchObject({ uniqueCount: ACCOUNTS, duplicateCount: 0 });
      } finally {
        await restarted.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
