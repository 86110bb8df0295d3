import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { newJob } from "../../server/jobs/new-rows";
import { createNotificationPlanner } from "../../server/notify/plan";
import { startServer } from "../../server/start";
import { createSqliteStore } from "../../server/store/sqlite-store";
import type { NotificationRow } from "../../server/store/store";
import { fakeClock, testConfig } from "./support/harness";
import { startReceiver, verifyDelivery } from "./support/webhook-receiver";

/**
 * The outbox across API restarts, on one SQLite file: a retry schedule interrupted by a restart
 * resumes where it stood, and an API SIGKILLed after sending but before recording sends once more
 * with the same webhook-id (the documented at-least-once case), and never again after that.
 */

const SECRET = "whsec_5SUP2RYtlaxEaPddyRYZg3izK58hP6VA";
let dir: string;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "bgsync-notify-"));
  receiver = await startReceiver();
});
afterEach(async () => {
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({
  STORE_URL: `sqlite:${join(dir, "bgsync.db")}`,
  NOTIFY_RECEIVERS: JSON.stringify([{ name: "flow", url: receiver.url, secrets: [SECRET] }]),
  NOTIFY_TICK_MS: "20",
  DEV_USER_ROLES: "BackgroundSync.Admin",
});

/** A job that ended, saved with its outbox row as the API would: the state the APIs below inherit. */
async function seedEndedJob(now: number): Promise<NotificationRow> {
  const store = createSqliteStore(env().STORE_URL);
  const config = testConfig(env());
  const job = {
    ...newJob({
      id: "0b6c5f1e-8a1d-4c3b-9e2f-1a2b3c4d5e6f",
      customApi: "sample_SyncRecordsToExternalSystem",
      parameters: {},
      targetEntity: "account",
      targetId: "11111111-2222-4333-8444-555555555555",
      requestedByOid: "o",
      requestedByName: "n",
      createdAt: now,
      chained: true,
      concurrent: false,
      idempotencyKey: null,
      requestHash: null,
    }),
    status: "succeeded" as const,
    startedAt: now,
    endedAt: now,
  };
  const plan = createNotificationPlanner({
    receivers: config.notify.receivers,
    publicBaseUrl: config.publicBaseUrl,
  });
  const notifications = plan(job, now);
  await store.save({ job, expectedVersion: 0, notifications });
  await store.close();
  return notifications[0]!;
}

/** Reads the outbox through the admin API until `done` holds. */
async function waitForRow(url: string, done: (row: { status: string; attempts: number }) => boolean) {
  for (;;) {
    const res = await fetch(`${url}/api/notifications`);
    const [row] = ((await res.json()) as { items: { status: string; attempts: number }[] }).items;
    if (row && done(row)) return row;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it("resumes a retry schedule after the API restarts", async () => {
  const clock = fakeClock(Date.now());
  const seeded = await seedEndedJob(clock.now());
  receiver.answer({ status: 500 });
  const first = await startServer(testConfig(env()), { clock });
  await waitForRow(first.url, (r) => r.status === "pending" && r.attempts === 1);
  await first.close();

  clock.advance(36_000); // the first backoff, 30 s ± 20 %, is over
  const second = await startServer(testConfig(env()), { clock });
  try {
    await waitForRow(second.url, (r) => r.status === "delivered");
    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual([seeded.id, seeded.id]);
    expect(verifyDelivery(SECRET, receiver.received[1]!)).toEqual(JSON.parse(seeded.payload));
  } finally {
    await second.close();
  }
});

it("sends once more, with the same webhook-id, after a SIGKILL between sending and recording", async () => {
  const seeded = await seedEndedJob(Date.now());
  receiver.answer("hold");
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: { ...process.env, ...env(), PORT: "0", AUTH_MODE: "none", LOG_LEVEL: "silent" },
    stdio: "ignore",
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  await receiver.until(1); // sent, and the API is waiting for the answer it will never record
  child.kill("SIGKILL");
  await exited;

  const store = createSqliteStore(env().STORE_URL);
  expect(await store.getNotification(seeded.id)).toMatchObject({ status: "sending", attempts: 0 });
  await store.close();

  // The dead API's claim runs out (its lease: 2 x NOTIFY_TIMEOUT_MS + 30 s); then the row is due again.
  const clock = fakeClock(Date.now() + 51_000);
  const api = await startServer(testConfig(env()), { clock });
  try {
    const row = await waitForRow(api.url, (r) => r.status === "delivered");
    expect(row.attempts).toBe(1);
    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual([seeded.id, seeded.id]);
    expect(receiver.received[1]!.body).toBe(receiver.received[0]!.body);
  } finally {
    await api.close();
  }
});
