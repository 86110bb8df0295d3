import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/index";
import type { Job } from "../../server/jobs/job-json";
import { startServer, type RunningServer } from "../../server/start";
import { emulatorAdmin, postSyncJob } from "./support/emulator";
import { testConfig } from "./support/harness";
import { pgSchema, pgSkipReason } from "./support/pg";
import { frames, sseReader } from "./support/sse";

/**
 * The API against the emulator's sample plug-in: progress reported within a batch reaches viewers
 * as change events, and records the ERP rejects end the job "succeeded" with a list a retry runs.
 */

const ACCOUNTS = 2000;
let emulator: RunningEmulator;
let admin: ReturnType<typeof emulatorAdmin>;
let api: RunningServer;

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    accountCount: ACCOUNTS,
    timeScale: 0.01,
    // About 40 ERP requests of 100 per run, so a run reports progress many times before it ends.
    plugin: { msPerRecord: 2, timeBudgetMs: 8000 },
  });
  admin = emulatorAdmin(emulator);
  api = await startServer(
    testConfig({ DATAVERSE_URL: emulator.url, ALLOWED_URL_ORIGINS: emulator.url, PROGRESS_INTERVAL_MS: "0" }),
  );
});
afterAll(async () => {
  await api?.close();
  await emulator?.close();
});
beforeEach(async () => {
  await admin.reset();
});

const watch = async (job: { links: { events: string } }) =>
  frames(await sseReader(await fetch(`${api.url}${job.links.events}`)).end()).map((f) => f.job);

describe("in-batch progress and failed records with the sample plug-in", () => {
  it("streams the plug-in's progress while a batch runs, and the batch's end replaces it with the counts", async () => {
    const { status, job } = await postSyncJob(api.url, emulator);
    expect(status).toBe(202);
    const seen = await watch(job);
    const inBatch = seen.flatMap((j) =>
      j.operations.filter((o) => o.endedAt === null && (o.progress?.done ?? 0) > 0),
    );
    expect(inBatch.length).toBeGreaterThan(0);
    expect(inBatch[0]!.progress!.total).toBe(ACCOUNTS);
    // Within one batch the reported figure only grows.
    const firstBatch = inBatch.filter((o) => o.batch === 1).map((o) => o.progress!.done);
    expect(firstBatch).toEqual([...firstBatch].sort((a, b) => a - b));
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ status: "succeeded", progress: { synced: ACCOUNTS, failed: 0 } });
  });

  it("keeps which records the ERP rejected and why, and retries exactly those", async () => {
    const rejected = [emulator.accounts[5]!, emulator.accounts[700]!, emulator.accounts[1999]!];
    await admin.call("POST", "/faults", { erp: { rejectIds: rejected.map((a) => a.accountid) } });
    const { job } = await postSyncJob(api.url, emulator);
    const ended = (await watch(job)).at(-1)!;
    expect(ended).toMatchObject({
      status: "succeeded",
      progress: { synced: ACCOUNTS - 3, failed: 3 },
      failedRecords: { listed: 3, dropped: 0, retryable: true },
    });
    const failures = (await (await fetch(`${api.url}/api/jobs/${job.id}/failures`)).json()) as {
      items: { id: string; name: string; reason: string }[];
    };
    expect(failures.items).toEqual(
      rejected.map((a) => ({
        id: a.accountid,
        name: a.name,
        reason: expect.stringContaining("Rejected") as string,
      })),
    );

    await admin.reset();
    const res = await fetch(`${api.url}/api/jobs/${job.id}/retry-failed`, { method: "POST" });
    expect(res.status).toBe(202);
    const retry = (await res.json()) as Job;
    const done = (await watch(retry)).at(-1)!;
    expect(done).toMatchObject({ status: "succeeded", progress: { synced: 3, failed: 0, total: 3 } });
    expect((await admin.erp()).uniqueCount).toBe(3);
  });
});

const pgSkip = await pgSkipReason();
describe.skipIf(pgSkip !== undefined)("progress across two instances on PostgreSQL", () => {
  it("reaches a viewer on A when the plug-in reports to B", async () => {
    const schema = pgSchema();
    const common = {
      DATAVERSE_URL: emulator.url,
      ALLOWED_URL_ORIGINS: emulator.url,
      STORE_URL: schema.storeUrl,
      PROGRESS_INTERVAL_MS: "0",
    };
    const b = await startServer(testConfig(common));
    // A signs its callback and progress URLs with B's address: every report lands on B.
    const a = await startServer(testConfig({ ...common, PUBLIC_BASE_URL: b.url }));
    try {
      const { job } = await postSyncJob(a.url, emulator);
      const seen = frames(await sseReader(await fetch(`${a.url}${job.links.events}`)).end()).map(
        (f) => f.job,
      );
      expect(
        seen.some((j) => j.operations.some((o) => o.endedAt === null && (o.progress?.done ?? 0) > 0)),
      ).toBe(true);
      expect(seen.at(-1)).toMatchObject({ status: "succeeded", progress: { synced: ACCOUNTS } });
    } finally {
      await Promise.all([a.close(), b.close()]);
      await schema.drop();
    }
  });
});
