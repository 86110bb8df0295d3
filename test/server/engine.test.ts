import { afterEach, describe, expect, it } from "vitest";
import { DataverseError, DataverseTimeoutError } from "../../server/dataverse/errors";
import type { Job } from "../../server/jobs/job-json";
import { createReconciler } from "../../server/jobs/reconciler";
import { createLogger } from "../../server/logger";
import { snapshot } from "./support/fake-dataverse";
import { createHarness, validInput } from "./support/harness";

let h: ReturnType<typeof createHarness>;
afterEach(() => h.close());

function setup(env: Record<string, string> = {}) {
  h = createHarness(env);
  const reconciler = createReconciler({
    store: h.store,
    engine: h.services.engine,
    clock: h.clock,
    logger: createLogger("silent"),
    tickMs: 60_000,
  });
  return reconciler;
}
async function startJob() {
  const job = (await (await h.post("/api/jobs", validInput)).json()) as Job;
  return { id: job.id, get: async () => (await (await h.get(`/api/jobs/${job.id}`)).json()) as Job };
}
const bg = (n: number) => h.dataverse.starts[n - 1]!.backgroundOperationId;
const SECOND = 1000;

describe("reconciler", () => {
  it("recovers a dropped callback by polling once the callback is overdue, and continues the chain", async () => {
    const reconciler = setup();
    const job = await startJob();
    h.dataverse.complete(bg(1), 30, { SyncedCount: 10, NextCursor: "c1" });
    expect(await reconciler.tick()).toBe(0);
    h.clock.advance(119 * SECOND);
    expect(await reconciler.tick()).toBe(0);
    h.clock.advance(1 * SECOND);
    expect(await reconciler.tick()).toBe(1);
    expect(h.dataverse.starts).toHaveLength(2);
    h.dataverse.complete(bg(2), 30, { SyncedCount: 3, NextCursor: "" });
    h.clock.advance(120 * SECOND);
    await reconciler.tick();
    expect(await job.get()).toMatchObject({ status: "succeeded", progress: { synced: 13, batches: 2 } });
  });

  it("never polls faster than the floor, backs off, and honours the monitor's Retry-After", async () => {
    const reconciler = setup({ RECONCILE_POLL_FLOOR_SECONDS: "60", RECONCILE_POLL_MAX_SECONDS: "240" });
    await startJob();
    h.dataverse.snapshots.set(bg(1), snapshot(2, 20));
    const pollsAfter = async (seconds: number) => {
      h.clock.advance(seconds * SECOND);
      const before = h.dataverse.monitorCalls.length;
      await reconciler.tick();
      return h.dataverse.monitorCalls.length - before;
    };
    expect(await pollsAfter(120)).toBe(1); // callback grace over: first poll (job now running)
    expect(await pollsAfter(59)).toBe(0);
    expect(await pollsAfter(1)).toBe(1); // 60 s floor
    expect(await pollsAfter(119)).toBe(0);
    expect(await pollsAfter(1)).toBe(1); // backoff doubled to 120 s
    h.dataverse.snapshots.set(bg(1), { ...snapshot(2, 20), retryAfterSeconds: 600 });
    expect(await pollsAfter(240)).toBe(1); // capped at 240 s; this answer asks for 600 s
    expect(await pollsAfter(599)).toBe(0);
    expect(await pollsAfter(1)).toBe(1);
  });

  it("backs off by Retry-After when the status monitor throttles", async () => {
    const reconciler = setup();
    await startJob();
    h.dataverse.readBackgroundOperation = () =>
      Promise.reject(new DataverseError(429, "0x80072322", "throttled", 900));
    h.clock.advance(120 * SECOND);
    await reconciler.tick();
    h.clock.advance(899 * SECOND);
    expect(await reconciler.tick()).toBe(0);
    h.clock.advance(SECOND);
    expect(await reconciler.tick()).toBe(1);
  });

  it("fails the job when Dataverse no longer knows the operation, instead of polling forever", async () => {
    const reconciler = setup();
    const job = await startJob();
    h.dataverse.readBackgroundOperation = () =>
      Promise.reject(new DataverseError(404, "0x80040217", "backgroundoperation With Id = x Does Not Exist"));
    h.clock.advance(120 * SECOND);
    await reconciler.tick();
    expect(await job.get()).toMatchObject({ status: "failed", error: { code: "0x80040217", batch: 1 } });
  });

  it("relaunches a batch whose start never got an answer and that Dataverse never queued", async () => {
    const reconciler = setup();
    h.dataverse.failNextStart = new DataverseTimeoutError(30_000);
    const res = await h.post("/api/jobs", validInput);
    expect(res.status).toBe(202);
    expect(((await res.json()) as Job).status).toBe("queued");
    expect(h.dataverse.starts).toHaveLength(0);
    h.clock.advance(120 * SECOND);
    await reconciler.tick();
    expect(h.dataverse.lookups).toEqual(["sample_SyncRecordsToExternalSystem"]);
    expect(h.dataverse.starts).toHaveLength(1);
  });

  it.each([
    ["a 500", new DataverseError(500, "0x80040216", "An unexpected error occurred.")],
    ["a timeout", new DataverseTimeoutError(30_000)],
  ])(
    "adopts a batch whose start got %s after Dataverse had queued it: the batch runs once",
    async (_, error) => {
      const reconciler = setup();
      h.dataverse.failNextStartAfterQueuing = error;
      const job = await startJob();
      expect((await job.get()).status).toBe("queued");
      h.clock.advance(120 * SECOND);
      h.dataverse.complete(bg(1), 30, { SyncedCount: 10, NextCursor: "" });
      await reconciler.tick();
      expect(h.dataverse.starts).toHaveLength(1);
      expect(h.dataverse.monitorCalls).toEqual([bg(1)]);
      expect(await job.get()).toMatchObject({ status: "succeeded", progress: { synced: 10, batches: 1 } });
    },
  );

  it("sends a start once on a 5xx, and fails the batch after three starts with no trace in Dataverse", async () => {
    const reconciler = setup();
    const outage = () => new DataverseError(503, null, "Service Unavailable");
    h.dataverse.failNextStart = outage();
    const job = await startJob();
    for (let attempt = 2; attempt <= 3; attempt++) {
      h.dataverse.failNextStart = outage();
      h.clock.advance(120 * SECOND);
      await reconciler.tick();
      expect((await job.get()).status).toBe(attempt < 3 ? "queued" : "failed");
    }
    expect(h.dataverse.lookups).toHaveLength(2);
    expect(await job.get()).toMatchObject({ error: { code: "HTTP 503", batch: 1 } });
  });

  it("does not adopt an operation another job already adopted", async () => {
    const reconciler = setup();
    const first = await startJob();
    h.dataverse.failNextStart = new DataverseTimeoutError(30_000);
    const other = await h.post("/api/jobs", {
      ...validInput,
      target: { ...validInput.target, id: "99999999-2222-4333-8444-555555555555" },
    });
    expect(other.status).toBe(202);
    h.clock.advance(120 * SECOND);
    await reconciler.tick();
    // The first job's operation has the same Custom API (and here the same inputs): it is taken.
    expect(h.dataverse.starts).toHaveLength(2);
    expect((await first.get()).operations).toHaveLength(1);
  });
});

describe("cancel and resume", () => {
  it("cancels an operation that has not started: DELETE, canceling, then canceled when Dataverse says 32", async () => {
    setup();
    const job = await startJob();
    const res = await h.post(`/api/jobs/${job.id}/cancel`);
    expect(res.status).toBe(202);
    expect(((await res.json()) as Job).status).toBe("canceling");
    expect(h.dataverse.cancels).toEqual([bg(1)]);
    h.dataverse.complete(bg(1), 32);
    await h.callback(1);
    expect((await job.get()).status).toBe("canceled");
    expect((await h.post(`/api/jobs/${job.id}/cancel`)).status).toBe(409);
  });

  it("lets a running batch finish but starts no other", async () => {
    setup();
    const job = await startJob();
    h.dataverse.snapshots.set(bg(1), snapshot(2, 20));
    await h.post(`/api/jobs/${job.id}/cancel`);
    h.dataverse.complete(bg(1), 30, { SyncedCount: 10, NextCursor: "c1" });
    await h.callback(1);
    expect(await job.get()).toMatchObject({ status: "canceled", progress: { synced: 10, batches: 1 } });
    expect(h.dataverse.starts).toHaveLength(1);
  });

  it("counts a batch canceled while running from the row's outputs once, and resumes after its cursor", async () => {
    const reconciler = setup();
    const job = await startJob();
    h.dataverse.snapshots.set(bg(1), snapshot(2, 20));
    await h.post(`/api/jobs/${job.id}/cancel`);
    // Dataverse let the run finish, then ended it 32: the monitor shows no outputs, the row keeps them.
    h.dataverse.complete(bg(1), 32, { SyncedCount: 100, FailedCount: 1, TotalCount: 250, NextCursor: "c1" });
    await h.callback(1);
    await h.callback(1);
    h.clock.advance(3600 * SECOND);
    await reconciler.tick();
    expect(await job.get()).toMatchObject({
      status: "canceled",
      progress: { synced: 100, failed: 1, total: 250, batches: 1 },
    });
    expect((await h.post(`/api/jobs/${job.id}/resume`)).status).toBe(202);
    expect(h.dataverse.starts[1]?.parameters).toMatchObject({ Cursor: "c1" });
    h.dataverse.complete(bg(2), 30, { SyncedCount: 150, TotalCount: 250, NextCursor: "" });
    await h.callback(2);
    expect(await job.get()).toMatchObject({ status: "succeeded", progress: { synced: 250, batches: 2 } });
  });

  it("a batch canceled while running that completed everything ends the job succeeded", async () => {
    setup();
    const job = await startJob();
    h.dataverse.snapshots.set(bg(1), snapshot(2, 20));
    await h.post(`/api/jobs/${job.id}/cancel`);
    h.dataverse.complete(bg(1), 32, { SyncedCount: 40, FailedCount: 0, TotalCount: 40, NextCursor: "" });
    await h.callback(1);
    expect(await job.get()).toMatchObject({ status: "succeeded", progress: { synced: 40, batches: 1 } });
  });

  it("resumes a failed chained job from its last cursor and keeps counting", async () => {
    setup();
    const job = await startJob();
    h.dataverse.complete(bg(1), 30, { SyncedCount: 10, NextCursor: "c1" });
    await h.callback(1);
    h.dataverse.complete(bg(2), 31, {}, { code: "0x80040265", message: "ERP down" });
    await h.callback(2);
    expect((await job.get()).status).toBe("failed");
    h.clock.advance(45_000);
    const resumed = await h.post(`/api/jobs/${job.id}/resume`);
    expect(resumed.status).toBe(202);
    // The 45 s it stood failed are not run time.
    expect(await resumed.json()).toMatchObject({ status: "running", error: null, pausedMs: 45_000 });
    expect(h.dataverse.starts[2]?.parameters).toMatchObject({ Cursor: "c1" });
    h.dataverse.complete(bg(3), 30, { SyncedCount: 5, NextCursor: "" });
    await h.callback(3);
    expect(await job.get()).toMatchObject({ status: "succeeded", progress: { synced: 15, batches: 2 } });
    expect((await h.post(`/api/jobs/${job.id}/resume`)).status).toBe(409);
  });
});

describe("resume is held to today's allow-lists", () => {
  async function failedJob() {
    setup();
    const job = await startJob();
    h.dataverse.complete(bg(1), 31, {}, { code: "0x80040265", message: "ERP down" });
    await h.callback(1);
    expect((await job.get()).status).toBe("failed");
    return job;
  }

  it("refuses a Custom API removed from ALLOWED_CUSTOM_APIS with 403 and starts nothing", async () => {
    const job = await failedJob();
    h.config.allowedCustomApis.splice(0);
    const res = await h.post(`/api/jobs/${job.id}/resume`);
    expect(res.status).toBe(403);
    expect(h.dataverse.starts).toHaveLength(1);
    expect((await job.get()).status).toBe("failed");
  });

  it("refuses parameters whose URL origin is no longer in ALLOWED_URL_ORIGINS with 400", async () => {
    const job = await failedJob();
    h.config.allowedUrlOrigins.splice(0, Infinity, "https://erp.contoso.com");
    const res = await h.post(`/api/jobs/${job.id}/resume`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      errors: [
        { path: "parameters.ExternalSystemUrl", message: "origin http://127.0.0.1:7071 is not allowed" },
      ],
    });
    expect(h.dataverse.starts).toHaveLength(1);
  });

  it("refuses with 403 when the caller can no longer read the target record", async () => {
    const job = await failedJob();
    h.dataverse.readers.clear();
    h.clock.advance(10 * 60 * SECOND);
    expect((await h.post(`/api/jobs/${job.id}/resume`)).status).toBe(403);
    expect(h.dataverse.starts).toHaveLength(1);
  });
});

describe("run times", () => {
  it("shows the job's duration from Dataverse's starttime and endtime, not from when the callback arrived", async () => {
    setup();
    const job = await startJob();
    const started = h.clock.now() + 2 * SECOND;
    h.dataverse.rows.set(bg(1), { startTime: started, endTime: started + 60 * SECOND });
    h.dataverse.complete(bg(1), 30, { SyncedCount: 10, NextCursor: "" });
    h.clock.advance(63 * SECOND);
    await h.callback(1);
    const done = await job.get();
    expect(done).toMatchObject({
      status: "succeeded",
      startedAt: new Date(started).toISOString(),
      endedAt: new Date(started + 60 * SECOND).toISOString(),
    });
    expect(done.operations[0]).toMatchObject({ startedAt: done.startedAt, endedAt: done.endedAt });
  });
});

describe("callback racing the start response", () => {
  it("is applied after the start is recorded, not lost", async () => {
    setup();
    let racing: Response | Promise<Response> | undefined;
    const start = h.dataverse.startBackgroundOperation.bind(h.dataverse);
    h.dataverse.startBackgroundOperation = async (req) => {
      const started = await start(req);
      h.dataverse.complete(started.backgroundOperationId, 30, { SyncedCount: 4, NextCursor: "" });
      const url = new URL(req.callbackUrl);
      racing = h.app.request(url.pathname + url.search, {
        method: "POST",
        body: JSON.stringify({ backgroundOperationId: started.backgroundOperationId }),
      });
      await new Promise((r) => setImmediate(r));
      return started;
    };
    const job = await startJob();
    expect((await racing!).status).toBe(204);
    expect(await job.get()).toMatchObject({ status: "succeeded", progress: { synced: 4 } });
  });
});
