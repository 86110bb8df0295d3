import { afterEach, describe, expect, it } from "vitest";
import type { Job } from "../../server/jobs/job-json";
import { createLogger } from "../../server/logger";
import { createDeliverer } from "../../server/notify/deliverer";
import { jobCompletedJsonSchema } from "../../server/notify/payload";
import { VersionConflictError } from "../../server/store/store";
import publishedSchema from "../../docs/job-completed.schema.json";
import { createHarness, validInput } from "./support/harness";
import { startReceiver, verifyDelivery } from "./support/webhook-receiver";

const SECRET = "whsec_5SUP2RYtlaxEaPddyRYZg3izK58hP6VA";
const HOUR = 3600_000;
const ADMIN = { DEV_USER_ROLES: "BackgroundSync.Admin" };

let h: ReturnType<typeof createHarness>;
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  await h.close();
});

async function finishJob(input: Record<string, unknown> = validInput) {
  const res = await h.post("/api/jobs", input);
  expect(res.status).toBe(202);
  const job = (await res.json()) as Job;
  h.dataverse.complete(h.dataverse.starts.at(-1)!.backgroundOperationId, 30, { SyncedCount: 2 });
  await h.callback(h.dataverse.starts.length);
  return job.id;
}

describe("per-job notifyUrl", () => {
  it("refuses a notifyUrl off NOTIFY_URL_ORIGINS with a 400 that names it", async () => {
    h = createHarness({ NOTIFY_URL_ORIGINS: "https://flows.example", NOTIFY_URL_SECRETS: SECRET });
    const res = await h.post(
      "/api/jobs",
      { ...validInput, notifyUrl: "https://evil.example/hook?sig=x" },
      { "X-Request-Id": "req-n" },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.text()).toBe(
      '{"type":"https://bgsync.example/problems/validation-failed","title":"The request is not valid","status":400,' +
        '"detail":"The notifyUrl is not one this API may call.","instance":"/api/jobs","requestId":"req-n",' +
        '"errors":[{"path":"notifyUrl","message":"origin https://evil.example is not allowed"}]}',
    );
    expect(h.dataverse.starts).toHaveLength(0);
  });

  it("refuses a notifyUrl carrying a user name or password, which could never be delivered", async () => {
    h = createHarness({ NOTIFY_URL_ORIGINS: "https://flows.example", NOTIFY_URL_SECRETS: SECRET });
    const res = await h.post("/api/jobs", { ...validInput, notifyUrl: "https://u:p@flows.example/hook" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: unknown[] }).errors).toEqual([
      {
        path: "notifyUrl",
        message: "must not carry a user name or password: the receiver checks the signature",
      },
    ]);
    expect(h.dataverse.starts).toHaveLength(0);
  });

  it("refuses every notifyUrl when no origin is configured", async () => {
    h = createHarness();
    const res = await h.post("/api/jobs", { ...validInput, notifyUrl: "https://flows.example/x" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: unknown[] }).errors).toEqual([
      { path: "notifyUrl", message: "this API takes no notifyUrl (NOTIFY_URL_ORIGINS is empty)" },
    ]);
  });

  it("notifies an allow-listed notifyUrl, signed with NOTIFY_URL_SECRETS", async () => {
    receiver = await startReceiver();
    h = createHarness({ NOTIFY_URL_ORIGINS: new URL(receiver.url).origin, NOTIFY_URL_SECRETS: SECRET });
    const jobId = await finishJob({ ...validInput, notifyUrl: receiver.url });
    const deliverer = createDeliverer({
      store: h.store,
      notify: h.config.notify,
      clock: h.clock,
      logger: createLogger("silent"),
    });
    expect(await deliverer.tick()).toBe(1);
    expect(verifyDelivery(SECRET, receiver.received[0]!)).toMatchObject({ data: { jobId } });
  });
});

describe("outbox", () => {
  it("is written with the job's final state or not at all, and only by the write that ends the job", async () => {
    h = createHarness({
      NOTIFY_RECEIVERS: JSON.stringify([{ name: "a", url: "http://127.0.0.1:9/", secrets: [SECRET] }]),
    });
    const jobId = await finishJob();
    expect(await h.store.listNotifications({ jobId, limit: 10 })).toHaveLength(1);
    const ended = (await h.store.getJob(jobId))!;
    // A later write to the ended job (a late callback, a bookkeeping save) plans nothing new.
    await h.services.writer.write(ended, []);
    expect(await h.store.listNotifications({ jobId, limit: 10 })).toHaveLength(1);
    // A save that loses its version check inserts none of its notifications.
    const row = (await h.store.listNotifications({ jobId, limit: 1 }))[0]!;
    await expect(
      h.store.save({ job: ended, expectedVersion: 1, notifications: [{ ...row, id: "msg_other" }] }),
    ).rejects.toBeInstanceOf(VersionConflictError);
    expect(await h.store.getNotification("msg_other")).toBeUndefined();
  });

  it("publishes the payload schema as a file derived from the zod definition, and in the OpenAPI document", async () => {
    h = createHarness();
    expect(publishedSchema).toEqual(jobCompletedJsonSchema());
    const doc = (await (await h.get("/openapi.json")).json()) as {
      webhooks: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.webhooks)).toEqual(["/job.completed"]);
    expect(doc.components.schemas.JobCompleted).toBeDefined();
  });
});

describe("GET /api/notifications and redeliver", () => {
  it("are for the admin role only", async () => {
    h = createHarness();
    const res = await h.get("/api/notifications", { "X-Request-Id": "req-a" });
    expect(res.status).toBe(403);
    expect(await res.text()).toBe(
      '{"type":"https://bgsync.example/problems/forbidden","title":"Forbidden","status":403,' +
        '"detail":"Only callers with the BackgroundSync.Admin app role may manage notifications.",' +
        '"instance":"/api/notifications","requestId":"req-a"}',
    );
    expect((await h.post("/api/notifications/msg_x/redeliver")).status).toBe(403);
  });

  it("lists by status, job and receiver with the flow's sig redacted, and redelivers a dead-lettered event once", async () => {
    receiver = await startReceiver();
    h = createHarness({
      ...ADMIN,
      NOTIFY_RECEIVERS: JSON.stringify([
        { name: "flow", url: `${receiver.url}?sig=s3cret`, secrets: [SECRET] },
        { name: "other", url: "http://127.0.0.1:9/", secrets: [SECRET], outcomes: ["failed"] },
      ]),
    });
    const deliverer = createDeliverer({
      store: h.store,
      notify: h.config.notify,
      clock: h.clock,
      logger: createLogger("silent"),
    });
    receiver.answer(...Array.from({ length: 40 }, () => ({ status: 500 })));
    const jobId = await finishJob();
    for (let i = 0; i < 40; i++) {
      await deliverer.tick();
      h.clock.advance(4 * HOUR);
    }
    const dead = await h.get(`/api/notifications?status=dead&jobId=${jobId}&receiver=flow`);
    const { items } = (await dead.json()) as { items: { id: string; url: string; attempts: number }[] };
    expect(items).toHaveLength(1);
    expect(items[0]!.url).toBe(`${receiver.url}?sig=redacted`);
    const sent = receiver.received.length;
    expect(items[0]!.attempts).toBe(sent);
    expect((await h.get("/api/notifications?status=delivered")).status).toBe(200);

    receiver.received.splice(0);
    receiver.clearAnswers();
    const res = await h.post(`/api/notifications/${items[0]!.id}/redeliver`);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: "pending" });
    expect((await h.post(`/api/notifications/${items[0]!.id}/redeliver`)).status).toBe(409);
    expect(await deliverer.tick()).toBe(1);
    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual([items[0]!.id]);
    expect(await h.store.getNotification(items[0]!.id)).toMatchObject({ status: "delivered" });
    expect(await deliverer.tick()).toBe(0);
    expect((await h.post("/api/notifications/msg_none/redeliver")).status).toBe(404);
  });
});
