import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/index";
import { startServer, type RunningServer } from "../../server/start";
import { lastJob, seqsOf, storedSeqs, watchFromStart } from "./support/cluster";
import { emulatorAdmin, postSyncJob } from "./support/emulator";
import { testConfig } from "./support/harness";
import { pgSchema, pgSkipReason } from "./support/pg";
import { frames } from "./support/sse";

/**
 * The instance driving a job (every callback goes to it) is SIGKILLed mid-chain while Dataverse's
 * callbacks are dropped: the other instance's reconciler takes the orphaned operations over once
 * their claims run out, finishes the job, and its viewer sees every event once, in order.
 */

const skip = await pgSkipReason();
if (skip) console.warn(skip);
const ACCOUNTS = 600;

/** The API as its own process (server/main.ts); resolves with its URL once it listens. */
function spawnApi(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: { ...process.env, ...env, PORT: "0", AUTH_MODE: "none", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "ignore"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`API exited with ${code} before listening`)));
    createInterface({ input: child.stdout }).on("line", (line) => {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === "companion API listening") resolve({ child, url: entry.url! });
    });
  });
}

describe.skipIf(skip !== undefined)("an instance killed mid-job on PostgreSQL", () => {
  let emulator: RunningEmulator;
  let schema: ReturnType<typeof pgSchema>;
  let survivor: RunningServer | undefined;
  let driver: ChildProcess | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({
      port: 0,
      accountCount: ACCOUNTS,
      plugin: { msPerRecord: 2, timeBudgetMs: 200 },
    });
    schema = pgSchema();
  });
  afterAll(async () => {
    driver?.kill("SIGKILL");
    await survivor?.close();
    await emulator?.close();
    if (!skip) await schema.drop();
  });

  it("is finished by the other instance, and the ERP holds every record", async () => {
    const env = {
      DATAVERSE_URL: emulator.url,
      ALLOWED_URL_ORIGINS: emulator.url,
      STORE_URL: schema.storeUrl,
      RECONCILE_AFTER_SECONDS: "1",
      RECONCILE_POLL_FLOOR_SECONDS: "1",
      RECONCILE_POLL_MAX_SECONDS: "1",
      RECONCILE_TICK_MS: "100",
    };
    const a = await spawnApi(env);
    driver = a.child;
    survivor = await startServer(testConfig(env));
    const { status, job } = await postSyncJob(a.url, emulator);
    expect(status).toBe(202);
    const viewer = await watchFromStart(survivor.url, job);
    await viewer.until((t) => frames(t).some((f) => f.job.progress.batches >= 2));

    await emulatorAdmin(emulator).call("POST", "/faults", { callbacks: { drop: 1000 } });
    const exited = new Promise((resolve) => a.child.once("exit", resolve));
    a.child.kill("SIGKILL");
    await exited;
    driver = undefined;

    const text = await viewer.end();
    expect(lastJob(text).status).toBe("succeeded");
    expect(lastJob(text).progress.synced).toBe(ACCOUNTS);
    expect(seqsOf(text)).toEqual(await storedSeqs(schema.name, job.id));
    expect((await emulatorAdmin(emulator).erp()).uniqueCount).toBe(ACCOUNTS);
  }, 90_000); // a second API process to start (tsx), then the rest of the job by polling
});
