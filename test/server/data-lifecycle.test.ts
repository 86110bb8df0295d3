import { afterEach, describe, expect, it } from "vitest";
import type { Job } from "../../server/jobs/job-json";
import { createRetention } from "../../server/lifecycle/retention";
import { createLogger } from "../../server/logger";
import { ERASED_PERSON } from "../../server/store/lifecycle";
import { createHarness, validInput } from "./support/harness";
import { frames, sseReader } from "./support/sse";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const SECRET = "whsec_5SUP2RYtlaxEaPddyRYZg3izK58hP6VA";
const RECEIVER = JSON.stringify([{ name: "flow", url: "http://127.0.0.1:9/hook", secrets: [SECRET] }]);
const OTHER_RECORD = "99999999-2222-4333-8444-555555555555";

let h: ReturnType<typeof createHarness>;
afterEach(() => h.close());

function setup(env: Record<string, string> = {}) {
  h = createHarness({ RETAIN_EVENTS_HOURS: "24", RETAIN_JOBS_DAYS: "90", ...env });
  return createRetention({
    store: h.store,
    clock: h.clock,
    logger: createLogger("silent"),
    policy: h.config.retention,
  });
}

/** A two-batch job run to its end: four events (queued, running, running, succeeded). */
async function finishedJob(target = validInput.target): Promise<Job> {
  const job = (await (await h.post("/api/jobs", { ...validInput, target })).json()) as Job;
  for (const cursor of ["c1", ""]) {
    const n = h.dataverse.starts.length;
    h.dataverse.complete(h.dataverse.starts[n - 1]!.backgroundOperationId, 30, {
      SyncedCount: 5,
      NextCursor: cursor,
    });
    await h.callback(n);
  }
  return (await (await h.get(`/api/jobs/${job.id}`)).json()) as Job;
}

/** A job whose only batch failed. */
async function failedJob(): Promise<Job> {
  const job = (await (await h.post("/api/jobs", validInput)).json()) as Job;
  h.dataverse.complete(
    h.dataverse.starts[0]!.backgroundOperationId,
    31,
    {},
    { code: "x", message: "ERP down" },
  );
  await h.callback(1);
  return job;
}

/**
 * Runs `between` once, when compaction has read a job and goes on to read its operations: the
 * moment a save on another instance could land.
 */
function onceWhileCompacting(between: (jobId: string) => Promise<void>) {
  const listOperations = h.store.listOperations.bind(h.store);
  h.store.listOperations = async (id) => {
    h.store.listOperations = listOperations;
    await between(id);
    return listOperations(id);
  };
}

const replay = async (job: Job, lastEventId: string) =>
  frames(await sseReader(await h.get(`/api/jobs/${job.id}/events`, { "Last-Event-ID": lastEventId })).end());
const eventIds = async (job: Job, lastEventId: string) => (await replay(job, lastEventId)).map((f) => f.id);

describe("retention", () => {
  it("keeps every event of a finished job for the window, then only its last", async () => {
    const retention = setup();
    const job = await finishedJob();
    expect(job.status).toBe("succeeded");
    const all = (await h.store.eventsAfter(job.id, 0)).map((e) => e.seq);
    expect(all.length).toBeGreaterThan(2);

    h.clock.advance(DAY);
    expect((await retention.tick()).events).toBe(0);
    expect(await eventIds(job, String(all[0]))).toEqual(all.slice(1));

    h.clock.advance(1);
    expect((await retention.tick()).events).toBe(all.length - 1);
    expect((await h.store.eventsAfter(job.id, 0)).map((e) => e.seq)).toEqual([all.at(-1)]);
    // A viewer back after the window gets one change that is the whole job, and the stream ends.
    const [last] = await replay(job, String(all[0]));
    expect(last).toMatchObject({ id: all.at(-1), job });
  });

  it("leaves the events of a failed job resumed while the pass compacts it", async () => {
    const retention = setup();
    const job = await failedJob();
    h.clock.advance(DAY + 1);
    // The resume lands after the pass has read the failed job, before it writes the job's last event.
    onceWhileCompacting(async (id) => {
      expect((await h.post(`/api/jobs/${id}/resume`)).status).toBe(202);
    });
    expect((await retention.tick()).events).toBe(0);
    // Every event stays: queued, running, failed, then the resume's queued and running.
    const events = await h.store.eventsAfter(job.id, 0);
    expect(events.map((e) => e.terminal)).toEqual([false, false, true, false, false]);
    expect(JSON.parse(events.at(-1)!.data)).toMatchObject({ job: { status: "running" } });
  });

  it("leaves the events of a job that has not ended", async () => {
    const retention = setup();
    const res = await h.post("/api/jobs", validInput);
    const job = (await res.json()) as Job;
    const before = await h.store.eventsAfter(job.id, 0);
    h.clock.advance(400 * DAY);
    expect(await retention.tick()).toEqual({ jobs: 0, operations: 0, events: 0, notifications: 0 });
    expect(await h.store.eventsAfter(job.id, 0)).toEqual(before);
    expect((await h.get(`/api/jobs/${job.id}`)).status).toBe(200);
  });

  it("removes a finished job with everything it owns after RETAIN_JOBS_DAYS, once its notifications are settled", async () => {
    const retention = setup({ NOTIFY_RECEIVERS: RECEIVER });
    const job = await finishedJob();
    const [notification] = await h.store.listNotifications({ jobId: job.id, limit: 10 });
    expect(notification?.status).toBe("pending");

    h.clock.advance(90 * DAY + 1);
    expect((await retention.tick()).jobs).toBe(0); // a delivery is still owed
    await h.store.updateNotification(
      { ...notification!, status: "delivered", deliveredAt: h.clock.now() },
      { status: "pending", claimedUntil: null },
    );
    expect(await retention.tick()).toEqual({ jobs: 1, operations: 2, events: 1, notifications: 1 });
    expect((await h.get(`/api/jobs/${job.id}`)).status).toBe(404);
    expect(await h.store.listOperations(job.id)).toEqual([]);
    expect((await h.store.stats()).tables).toMatchObject({
      jobs: { rows: 0, oldest: null },
      operations: { rows: 0 },
      events: { rows: 0 },
      notifications: { rows: 0 },
    });
  });

  it("reports the store's rows and oldest row in the metrics", async () => {
    setup();
    const job = await finishedJob();
    const metrics = await (await h.get("/metrics")).text();
    expect(metrics).toContain('bgsync_store_rows{table="jobs"} 1\n');
    expect(metrics).toContain('bgsync_store_rows{table="operations"} 2\n');
    expect(metrics).toContain(
      `bgsync_store_oldest_row_timestamp_seconds{table="jobs"} ${Date.parse(job.createdAt) / 1000}\n`,
    );
  });
});

describe("erasure", () => {
  const erase = (objectId: string) => h.post("/api/erasures", { objectId });

  it("is refused to callers without the admin role", async () => {
    setup();
    const res = await erase(h.config.auth.devUser.objectId);
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("reports a job active again by the time its events are compacted, and is not complete", async () => {
    setup({ DEV_USER_ROLES: "BackgroundSync.Admin" });
    const job = await failedJob();
    // After the job was anonymised, before its events are compacted, a save makes it active again
    // (no route does this to an anonymised job today; the report must hold all the same).
    onceWhileCompacting(async (id) => {
      const row = (await h.store.getJob(id))!;
      const active = { ...row, status: "queued" as const, endedAt: null, version: row.version + 1 };
      await h.store.save({ job: active, expectedVersion: row.version });
    });
    const res = await erase(h.config.auth.devUser.objectId);
    expect(await res.json()).toMatchObject({ jobsAnonymised: 1, activeJobIds: [job.id], complete: false });
  });

  it("removes a person from finished and notified jobs, and lists the running one left", async () => {
    setup({ NOTIFY_RECEIVERS: RECEIVER, DEV_USER_ROLES: "BackgroundSync.Admin" });
    const person = h.config.auth.devUser;
    const finished = await finishedJob();
    const running = (await (
      await h.post("/api/jobs", { ...validInput, target: { ...validInput.target, id: OTHER_RECORD } })
    ).json()) as Job;

    const events = (await h.store.eventsAfter(finished.id, 0)).length;
    const res = await erase(person.objectId.toUpperCase());
    expect(res.status).toBe(200);
    const erased = (await (await h.get(`/api/jobs/${finished.id}`)).json()) as Job;
    expect(await res.json()).toEqual({
      objectId: person.objectId.toUpperCase(),
      jobsAnonymised: 1,
      eventsRemoved: events - 1,
      notificationsRewritten: 1,
      activeJobIds: [running.id],
      schedulesPaused: [],
      complete: false,
    });
    expect(await h.store.eventsAfter(finished.id, 0)).toHaveLength(1);
    expect(erased.requestedBy).toEqual(ERASED_PERSON);
    expect(erased.progress.synced).toBe(10);
    expect((await replay(finished, "0")).at(-1)?.job).toEqual(erased);
    const stored = [
      ...(await h.store.eventsAfter(finished.id, 0)).map((e) => e.data),
      ...(await h.store.listNotifications({ jobId: finished.id, limit: 10 })).map((n) => n.payload),
    ].join("\n");
    expect(stored).not.toContain(person.objectId);
    expect(stored).not.toContain(person.name);
  });
});
