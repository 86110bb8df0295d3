import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USER, type EmulatorOptions } from "../../emulator/index";
import { armFaults, eventually, heldAt, startTestEmulator, syncInput } from "./helpers";

type Started = Awaited<ReturnType<typeof startTestEmulator>>;
const started: Started[] = [];
async function emulatorWith(serviceProtection: EmulatorOptions["serviceProtection"]) {
  const t = await startTestEmulator({ accountCount: 20, serviceProtection });
  started.push(t);
  return t;
}
afterAll(() => Promise.all(started.map((t) => t.emu.close())));

const whoAmI = (t: Started, headers: Record<string, string> = {}) =>
  t.api.call("/api/data/v9.2/WhoAmI", { headers });
const erpSlow = (t: Started, slowMs: number) => armFaults(t.emu, { erp: { slowMs } });
/** ERP requests wait until released: synchronous calls surely stay in flight meanwhile. */
const holdErp = (t: Started, hold: boolean) => armFaults(t.emu, { erp: { hold } });
// An emulated hour (36 s real): no busy machine spreads a test's few requests wider than that.
const HOUR = 3_600_000;

describe("service protection limits", () => {
  let t: Started;
  beforeAll(async () => {
    t = await emulatorWith({ requests: 5, windowMs: HOUR });
  });

  it("answers 429 with Retry-After once a user exceeds the request count of the sliding window", async () => {
    const remaining = [];
    for (let i = 0; i < 5; i++) {
      const res = await whoAmI(t);
      expect(res.status).toBe(200);
      remaining.push(res.headers.get("x-ms-ratelimit-burst-remaining-xrm-requests"));
    }
    expect(remaining).toEqual(["4", "3", "2", "1", "0"]);
    const throttled = await whoAmI(t, { CallerObjectId: DEMO_USER.objectId });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await throttled.json()).toMatchObject({ error: { code: "0x80072322" } });
  });

  it("admits requests again once the window has slid past them", async () => {
    // A one-second window (real): requests are sent until one is refused, then until one passes.
    const short = await emulatorWith({ requests: 1, windowMs: 100_000 });
    await eventually(
      () => whoAmI(short),
      (r) => r.status === 429,
    );
    expect(
      (
        await eventually(
          () => whoAmI(short),
          (r) => r.status !== 429,
        )
      ).status,
    ).toBe(200);
  });

  it("counts each user separately", async () => {
    const tokenRes = await fetch(`${t.emu.url}/_emulator/tokens/user`, {
      method: "POST",
      body: JSON.stringify({ audience: t.emu.url }),
    });
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    await eventually(
      () => whoAmI(t),
      (r) => r.status === 429,
    );
    const other = await fetch(`${t.emu.webApiUrl}/WhoAmI`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(other.status).toBe(200);
  });

  it("limits concurrent requests per user", async () => {
    const c = await emulatorWith({ concurrent: 2 });
    await holdErp(c, true);
    const slow = [c.api.start(syncInput(c.emu)), c.api.start(syncInput(c.emu))];
    await heldAt(c.emu, "erp", 2);
    const third = await whoAmI(c);
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await third.json()).toMatchObject({ error: { code: "0x80072326" } });
    await holdErp(c, false);
    expect((await Promise.all(slow)).map((r) => r.status)).not.toContain(429);
  });

  it("limits the combined execution time in the window", async () => {
    const e = await emulatorWith({ executionTimeMs: 10_000, windowMs: HOUR });
    await erpSlow(e, 20_000);
    expect((await e.api.start(syncInput(e.emu))).status).toBe(200);
    const next = await whoAmI(e);
    expect(next.status).toBe(429);
    expect(await next.json()).toMatchObject({ error: { code: "0x80072321" } });
  });

  it("defaults to Dataverse's 52 concurrent requests per user", async () => {
    const d = await emulatorWith(undefined);
    await holdErp(d, true);
    const running = Array.from({ length: 52 }, () => d.api.start(syncInput(d.emu)));
    await heldAt(d.emu, "erp", 52);
    const extra = await whoAmI(d);
    expect(extra.status).toBe(429);
    expect(await extra.json()).toMatchObject({ error: { code: "0x80072326" } });
    await holdErp(d, false);
    // The 52 admitted requests are never throttled (their own outcome is not the point here).
    expect((await Promise.all(running)).filter((r) => r.status === 429)).toEqual([]);
  });
});
