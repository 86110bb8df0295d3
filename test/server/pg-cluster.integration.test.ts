import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/index";
import type { Job } from "../../server/jobs/job-json";
import { startServer, type RunningServer } from "../../server/start";
import { lastJob, seqsOf, storedSeqs, watchFromStart } from "./support/cluster";
import { emulatorAdmin, postSyncJob } from "./support/emulator";
import { testConfig } from "./support/harness";
import { pgSchema, pgSkipReason, sql } from "./support/pg";
import { frames } from "./support/sse";

/**
 * Two API instances on one PostgreSQL schema behave as one: a job started through A is driven by
 * the callbacks Dataverse sends to B, and viewers on either instance see every event once, in order,
 * even when the database drops every connection of both instances mid-job.
 */

const skip = await pgSkipReason();
if (skip) console.warn(skip);
const ACCOUNTS = 600;

describe.skipIf(skip !== undefined)("two API instances on PostgreSQL", () => {
  let emulator: RunningEmulator;
  let schema: ReturnType<typeof pgSchema>;
  let a: RunningServer;
  let b: RunningServer;
  beforeAll(async () => {
    emulator = await startEmulator({
      port: 0,
      accountCount: ACCOUNTS,
      plugin: { msPerRecord: 2, timeBudgetMs: 200 },
    });
  });
  afterAll(() => emulator?.close());
  beforeEach(async () => {
    await emulatorAdmin(emulator).reset();
    schema = pgSchema();
  });
  afterEach(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await schema.drop();
  });

  /** B hears every callback: A signs its callback URLs with B's address. */
  async function startPair(env: Record<string, string> = {}) {
    const common = {
      DATAVERSE_URL: emulator.url,
      ALLOWED_URL_ORIGINS: emulator.url,
      STORE_URL: schema.storeUrl,
      ...env,
    };
    b = await startServer(testConfig(common));
    a = await startServer(testConfig({ ...common, PUBLIC_BASE_URL: b.url }));
  }

  async function startAndWatch() {
    const { status, job } = await postSyncJob(a.url, emulator);
    expect(status).toBe(202);
    return { job, onA: await watchFromStart(a.url, job), onB: await watchFromStart(b.url, job) };
  }

  async function expectEveryEventOnceInOrder(job: Job, texts: string[]) {
    const stored = await storedSeqs(schema.name, job.id);
    for (const text of texts) {
      expect(seqsOf(text)).toEqual(stored);
      expect(lastJob(text).status).toBe("succeeded");
      expect(lastJob(text).progress.synced).toBe(ACCOUNTS);
    }
    expect((await emulatorAdmin(emulator).erp()).uniqueCount).toBe(ACCOUNTS);
  }

  it("drives a job started through A with callbacks delivered to B; viewers on both see every event", async () => {
    // Callbacks alone drive the job: the reconcilers wait far longer than the job takes.
    await startPair({ RECONCILE_AFTER_SECONDS: "600" });
    const { job, onA, onB } = await startAndWatch();
    const texts = await Promise.all([onA.end(), onB.end()]);
    await expectEveryEventOnceInOrder(job, texts);
    const batches = lastJob(texts[0]).progress.batches;
    expect(batches).toBeGreaterThan(2);
    const callbacks = (
      await emulatorAdmin(emulator).call<{ value: { url: string; outcome: string }[] }>("GET", "/callbacks")
    ).value;
    expect(callbacks).toHaveLength(batches);
    expect(callbacks.every((c) => c.url.startsWith(`${b.url}/`) && c.outcome === "delivered")).toBe(true);
  });

  it("finishes the job and keeps both viewers whole when the database terminates every API connection", async () => {
    await startPair({
      RECONCILE_AFTER_SECONDS: "1",
      RECONCILE_POLL_FLOOR_SECONDS: "1",
      RECONCILE_POLL_MAX_SECONDS: "1",
      RECONCILE_TICK_MS: "100",
    });
    const { job, onA, onB } = await startAndWatch();
    let terminated = 0;
    for (const batches of [1, 2]) {
      await onB.until((t) => frames(t).some((f) => f.job.progress.batches >= batches));
      const rows = await sql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE $1",
        [`bgsync:${schema.name}:%`],
      );
      terminated += rows.length;
    }
    // Both instances' store, lock and listener connections, twice.
    expect(terminated).toBeGreaterThanOrEqual(4);
    await expectEveryEventOnceInOrder(job, await Promise.all([onA.end(), onB.end()]));
  });
});
