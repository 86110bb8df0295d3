import { afterEach, describe, expect, it } from "vitest";
import type { Job } from "../../server/jobs/job-json";
import { createLogger } from "../../server/logger";
import { createDeliverer } from "../../server/notify/deliverer";
import { createHarness, validInput } from "./support/harness";
import { startReceiver, verifyDelivery } from "./support/webhook-receiver";

const OLD_SECRET = "whsec_5SUP2RYtlaxEaPddyRYZg3izK58hP6VA";
const NEW_SECRET = "whsec_wvoX19BpBlzRvtGOVFvUaEenlAlxGvjH";
const SECOND = 1000;
const HOUR = 3600 * SECOND;

let h: ReturnType<typeof createHarness>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
afterEach(async () => {
  await receiver.close();
  await h.close();
});

async function setup(receiverJson: Record<string, unknown> = {}, env: Record<string, string> = {}) {
  receiver = await startReceiver();
  h = createHarness({
    NOTIFY_RECEIVERS: JSON.stringify([
      {
        name: "flow",
        url: `${receiver.url}?api-version=1&sig=s3cret`,
        secrets: [OLD_SECRET],
        ...receiverJson,
      },
    ]),
    ...env,
  });
  const deliverer = createDeliverer({
    store: h.store,
    notify: h.config.notify,
    clock: h.clock,
    logger: createLogger("silent"),
    random: () => 0.5,
  });
  return deliverer;
}

/** Starts a job and lets its only batch end with the given Dataverse status. */
async function finishJob(statusCode: 30 | 31 | 32 = 30) {
  const job = (await (await h.post("/api/jobs", validInput)).json()) as Job;
  const bg = h.dataverse.starts.at(-1)!.backgroundOperationId;
  h.dataverse.complete(
    bg,
    statusCode,
    { SyncedCount: 7, FailedCount: 1, TotalCount: 8, NextCursor: "" },
    {
      code: "0x80040265",
      message: "The ERP refused the batch.",
    },
  );
  expect((await h.callback(h.dataverse.starts.length)).status).toBe(204);
  return job.id;
}
const outbox = (jobId: string) => h.store.listNotifications({ jobId, limit: 10 });

describe("notification delivery", () => {
  it("gives a resumed job's run time as durationSeconds, without the hour it stood failed", async () => {
    const deliverer = await setup();
    const job = (await (await h.post("/api/jobs", validInput)).json()) as Job;
    h.clock.advance(10 * SECOND);
    h.dataverse.complete(
      h.dataverse.starts[0]!.backgroundOperationId,
      31,
      {},
      { code: "x", message: "ERP down" },
    );
    await h.callback(1);
    h.clock.advance(HOUR);
    expect((await h.post(`/api/jobs/${job.id}/resume`)).status).toBe(202);
    h.clock.advance(20 * SECOND);
    h.dataverse.complete(h.dataverse.starts[1]!.backgroundOperationId, 30, {
      SyncedCount: 5,
      NextCursor: "",
    });
    await h.callback(2);
    const ended = (await (await h.get(`/api/jobs/${job.id}`)).json()) as Job;
    expect(ended).toMatchObject({ status: "succeeded", pausedMs: HOUR });
    // One notification for each end: the failure, then the success.
    expect(await deliverer.tick()).toBe(2);
    const bodies = receiver.received.map((r) => JSON.parse(r.body) as { data: { status: string } });
    const runMs = Date.parse(ended.endedAt!) - Date.parse(ended.startedAt!) - HOUR;
    expect(runMs).toBeLessThanOrEqual(30 * SECOND);
    expect(bodies.find((b) => b.data.status === "succeeded")).toMatchObject({
      data: { durationSeconds: runMs / 1000 },
    });
  });

  it("sends job.completed signed with both secrets during a rotation, and the Standard Webhooks verifier accepts either", async () => {
    const deliverer = await setup({ secrets: [OLD_SECRET, NEW_SECRET] });
    const jobId = await finishJob();
    expect(await deliverer.tick()).toBe(1);
    const [r] = receiver.received;
    expect(r!.headers["content-type"]).toBe("application/json");
    expect(r!.headers["webhook-signature"]).toMatch(/^v1,\S+ v1,\S+$/);
    expect(String(r!.headers["webhook-timestamp"])).toBe(String(Math.floor(h.clock.now() / 1000)));
    for (const secret of [OLD_SECRET, NEW_SECRET])
      expect(verifyDelivery(secret, r!)).toEqual(JSON.parse(r!.body));
    const end = new Date(h.clock.now()).toISOString();
    expect(JSON.parse(r!.body)).toEqual({
      type: "job.completed",
      timestamp: end,
      data: {
        jobId,
        link: `${h.config.publicBaseUrl}/api/jobs/${jobId}`,
        customApi: "sample_SyncRecordsToExternalSystem",
        target: validInput.target,
        requestedBy: { objectId: "2c4e6a8b-1d3f-4a5b-8c7d-0e1f2a3b4c5d", name: "Alex Wilber" },
        status: "succeeded",
        synced: 7,
        failed: 1,
        total: 8,
        batches: 1,
        error: null,
        startedAt: end,
        endedAt: end,
        durationSeconds: 0,
        scheduleId: null,
      },
    });
    const [row] = await outbox(jobId);
    expect(row).toMatchObject({
      id: r!.headers["webhook-id"],
      status: "delivered",
      attempts: 1,
      lastStatus: 204,
    });
    expect(await deliverer.tick()).toBe(0);
    expect(receiver.received).toHaveLength(1);
  });

  it("carries Dataverse's error for a failed job, and only to receivers that want that outcome", async () => {
    const deliverer = await setup({ outcomes: ["failed"] });
    await finishJob(30);
    const failed = await finishJob(31);
    expect(await deliverer.tick()).toBe(1);
    const body = JSON.parse(receiver.received[0]!.body) as { data: Record<string, unknown> };
    expect(body.data).toMatchObject({
      jobId: failed,
      status: "failed",
      error: { code: "0x80040265", message: "The ERP refused the batch.", batch: 1 },
    });
  });

  it("retries across a 500, a timeout and a 429 with Retry-After, with the same webhook-id every time", async () => {
    // The timeout is real time (a held request never answers); long enough that a loaded machine's
    // answers to the other attempts still come back within it.
    const deliverer = await setup({}, { NOTIFY_TIMEOUT_MS: "3000" });
    receiver.answer({ status: 500 }, "hold", { status: 429, headers: { "Retry-After": "120" } });
    const jobId = await finishJob();
    expect(await deliverer.tick()).toBe(1); // 500: backoff 30 s (jitter centred)
    expect((await outbox(jobId))[0]).toMatchObject({ status: "pending", attempts: 1, lastStatus: 500 });
    h.clock.advance(29 * SECOND);
    expect(await deliverer.tick()).toBe(0);
    h.clock.advance(1 * SECOND);
    expect(await deliverer.tick()).toBe(1); // held: times out; backoff 60 s
    expect((await outbox(jobId))[0]).toMatchObject({
      status: "pending",
      attempts: 2,
      lastStatus: null,
      lastError: "no answer within 3000 ms",
    });
    h.clock.advance(60 * SECOND);
    expect(await deliverer.tick()).toBe(1); // 429, Retry-After: 120 replaces the 120 s backoff ±20 %
    h.clock.advance(119 * SECOND);
    expect(await deliverer.tick()).toBe(0);
    h.clock.advance(1 * SECOND);
    expect(await deliverer.tick()).toBe(1);
    expect((await outbox(jobId))[0]).toMatchObject({ status: "delivered", attempts: 4, lastStatus: 204 });
    expect(new Set(receiver.received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
  });

  it("keeps retrying for 24 hours, then dead-letters; never sends again on its own", async () => {
    const deliverer = await setup();
    receiver.answer(...Array.from({ length: 40 }, () => ({ status: 503 })));
    const jobId = await finishJob();
    const started = h.clock.now();
    let row = (await outbox(jobId))[0]!;
    while (row.status === "pending") {
      h.clock.advance(row.nextAttemptAt! - h.clock.now());
      expect(await deliverer.tick()).toBe(1);
      row = (await outbox(jobId))[0]!;
    }
    expect(row).toMatchObject({ status: "dead", lastStatus: 503, lastError: "HTTP 503" });
    expect(row.lastAttemptAt! - started).toBe(24 * HOUR);
    expect(receiver.received.length).toBe(row.attempts);
    h.clock.advance(48 * HOUR);
    expect(await deliverer.tick()).toBe(0);
  });

  it("stops at 410 Gone", async () => {
    const deliverer = await setup();
    receiver.answer({ status: 410 });
    const jobId = await finishJob();
    await deliverer.tick();
    h.clock.advance(48 * HOUR);
    expect(await deliverer.tick()).toBe(0);
    expect((await outbox(jobId))[0]).toMatchObject({ status: "gone", attempts: 1, lastStatus: 410 });
  });
});
