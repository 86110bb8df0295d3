import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/index";
import type { Job } from "../../server/jobs/job-json";
import { pgInstance } from "./support/cluster";
import { emulatorAdmin, syncAccountsInput } from "./support/emulator";
import { fakeClock, testConfig } from "./support/harness";
import { pgSchema, pgSkipReason, sql } from "./support/pg";

/**
 * What must hold across instances and not only within one: the polling floor with two reconcilers,
 * the job-start rate limit and Idempotency-Key with requests alternating between instances. Both
 * instances run in this process on one clock the test moves, each with its own connections.
 */

const skip = await pgSkipReason();
if (skip) console.warn(skip);
const MONITOR = "GET /api/data/v9.2/backgroundoperations(:id)";
const FLOOR_SECONDS = 60;

describe.skipIf(skip !== undefined)("coordination across instances on PostgreSQL", () => {
  let emulator: RunningEmulator;
  let admin: ReturnType<typeof emulatorAdmin>;
  let schema: ReturnType<typeof pgSchema>;
  let instances: Awaited<ReturnType<typeof pgInstance>>[] = [];
  const clock = fakeClock(Date.now());
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, accountCount: 20 });
    admin = emulatorAdmin(emulator);
  });
  afterAll(() => emulator?.close());
  beforeEach(async () => {
    await admin.reset();
    schema = pgSchema();
  });
  afterEach(async () => {
    // Let held plug-in runs go, so the emulator closes promptly.
    await admin.call("POST", "/faults", { plugin: { hold: false } });
    await Promise.all(instances.map((i) => i.close()));
    instances = [];
    await schema.drop();
  });

  async function pair(env: Record<string, string> = {}) {
    const config = testConfig({
      DATAVERSE_URL: emulator.url,
      ALLOWED_URL_ORIGINS: emulator.url,
      STORE_URL: schema.storeUrl,
      ...env,
    });
    instances = await Promise.all([pgInstance(config, clock), pgInstance(config, clock)]);
    return instances as [(typeof instances)[0], (typeof instances)[0]];
  }
  const input = (n: number) => ({
    ...syncAccountsInput(emulator),
    target: { entity: "account", id: emulator.accounts[n]!.accountid },
  });

  it("reads no operation's row twice within the polling floor, with both reconcilers running", async () => {
    const [a, b] = await pair({
      RECONCILE_AFTER_SECONDS: "0",
      RECONCILE_POLL_FLOOR_SECONDS: String(FLOOR_SECONDS),
      RECONCILE_POLL_MAX_SECONDS: String(FLOOR_SECONDS),
    });
    // Three jobs whose operations run until released, and whose callbacks never come.
    await admin.call("POST", "/faults", { plugin: { hold: true }, callbacks: { drop: 100 } });
    for (const n of [0, 1, 2]) expect((await a.post("/api/jobs", input(n))).status).toBe(202);
    await admin.held("plugin");
    const before = (await admin.counters()).byRoute[MONITOR] ?? 0;
    expect(before).toBe(0);

    const ROUNDS = 4;
    for (let round = 0; round < ROUNDS; round++) {
      // Within one floor, both reconcilers pass again and again, side by side.
      for (let pass = 0; pass < 5; pass++) await Promise.all([a.reconciler.tick(), b.reconciler.tick()]);
      expect((await admin.counters()).byRoute[MONITOR]).toBe(3 * (round + 1));
      clock.advance(FLOOR_SECONDS * 1000);
    }
  });

  it("holds the job-start rate limit when starts alternate between instances", async () => {
    const [a, b] = await pair({ JOB_RATE_LIMIT_PER_MINUTE: "3" });
    await admin.call("POST", "/faults", { plugin: { hold: true } });
    const statuses = [];
    for (const [n, api] of [a, b, a, b].entries())
      statuses.push((await api.post("/api/jobs", input(n))).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
    const refused = await a.post("/api/jobs", input(5));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    clock.advance(20_000); // one token back at 3 a minute
    expect((await b.post("/api/jobs", input(6))).status).toBe(202);
    expect((await a.post("/api/jobs", input(7))).status).toBe(429);
  });

  it("answers an Idempotency-Key repeated on the other instance, even at the same moment, with one job", async () => {
    const [a, b] = await pair();
    await admin.call("POST", "/faults", { plugin: { hold: true } });
    const key = { "Idempotency-Key": "start-0001" };
    const first = await a.post("/api/jobs", input(0), key);
    const again = await b.post("/api/jobs", input(0), key);
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(((await again.json()) as Job).id).toBe(((await first.json()) as Job).id);
    expect((await a.post("/api/jobs", input(1), key)).status).toBe(422);

    const same = { "Idempotency-Key": "start-0002" };
    const racing = await Promise.all([a, b, a, b].map((api) => api.post("/api/jobs", input(2), same)));
    const ids = await Promise.all(racing.map(async (r) => ((await r.json()) as Job).id));
    expect(racing.map((r) => r.status)).toEqual([202, 202, 202, 202]);
    expect(new Set(ids).size).toBe(1);
    const rows = await sql(`SELECT id FROM ${schema.name}.jobs WHERE idempotency_key = $1`, ["start-0002"]);
    expect(rows).toHaveLength(1);
    expect((await admin.counters()).byRoute["POST /api/data/v9.2/sample_SyncRecordsToExternalSystem"]).toBe(
      2,
    );
  });
});
