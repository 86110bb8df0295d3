import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { DataverseError } from "../../server/dataverse/errors";
import { nextRunAfter } from "../../server/schedules/cron";
import { createHarness, fakeClock } from "./support/harness";
import { endLatestRun, nightly, tickerFor } from "./support/schedules";

const MINUTE = 60_000;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

let h: ReturnType<typeof createHarness>;
afterEach(() => h.close());

/** Moves the clock minute by minute to `until`, ticking at each, ending each run that started. */
async function runUntil(until: number, status: 30 | 31 = 30) {
  const ticker = tickerFor(h);
  while (h.clock.now() < until) {
    h.clock.advance(MINUTE);
    const started = h.dataverse.starts.length;
    await ticker.tick();
    if (h.dataverse.starts.length > started) await endLatestRun(h, status);
  }
}

function setup(start: string) {
  h = createHarness();
  const clock = fakeClock(Date.parse(start));
  Object.assign(h.clock, clock);
  return clock;
}

const startTimes = async (scheduleId: string) =>
  (await h.store.listJobs({ scheduleId, limit: 100 })).map((j) => iso(j.createdAt)).reverse();

describe("schedule ticker", () => {
  it("fires on time across a day boundary and both of Europe/Paris's 2026 clock changes", async () => {
    setup("2026-03-27T20:00:00Z");
    const s = nightly(h.clock.now(), { cron: "30 0 * * *" });
    await h.store.createSchedule(s);
    await runUntil(Date.parse("2026-03-30T00:00:00Z"));
    // 00:30 Paris: 23:30Z in winter (UTC+1), 22:30Z from the 29th (UTC+2).
    expect(await startTimes(s.id)).toEqual([
      "2026-03-27T23:30:00.000Z",
      "2026-03-28T23:30:00.000Z",
      "2026-03-29T22:30:00.000Z",
    ]);

    const daily = nightly(h.clock.now(), { id: "6d5f7b9c-2e4a-4b6c-8d0e-1f3a5c7e9b2d", cron: "0 6 * * *" });
    // Each claim moved the version: pause it at the one it is at now.
    const ran = (await h.store.getSchedule(s.id))!;
    expect(await h.store.updateSchedule({ ...ran, enabled: false, nextRunAt: null }, ran.version)).toBe(true);
    h.clock.advance(Date.parse("2026-10-23T12:00:00Z") - h.clock.now());
    await h.store.createSchedule({
      ...daily,
      nextRunAt: nextRunAfter("0 6 * * *", "Europe/Paris", h.clock.now()),
    });
    await runUntil(Date.parse("2026-10-26T12:00:00Z"));
    // 06:00 Paris: 04:00Z in summer time, 05:00Z from the 25th (back to UTC+1).
    expect(await startTimes(daily.id)).toEqual([
      "2026-10-24T04:00:00.000Z",
      "2026-10-25T05:00:00.000Z",
      "2026-10-26T05:00:00.000Z",
    ]);
  });

  it("expands {lastSuccess} to the start of the last succeeded run, and moves it only on success", async () => {
    setup("2026-01-05T00:00:00Z");
    const s = nightly(h.clock.now(), { cron: "0 * * * *", timeZone: "UTC" });
    await h.store.createSchedule(s);
    const ticker = tickerFor(h);
    const runOnce = async (status: 30 | 31) => {
      h.clock.advance(60 * MINUTE);
      await ticker.tick();
      await endLatestRun(h, status);
      return h.dataverse.starts.at(-1)!.parameters.LastSyncDate ?? null;
    };
    expect(await runOnce(30)).toBeNull();
    expect(await runOnce(31)).toBe("2026-01-05T01:00:00.000Z");
    expect(await runOnce(30)).toBe("2026-01-05T01:00:00.000Z");
    expect(await runOnce(30)).toBe("2026-01-05T03:00:00.000Z");
    const runs = (await h.store.listScheduleRuns(s.id, 10)).reverse();
    expect(runs.map((r) => [r.outcome, iso(r.lastSuccess)])).toEqual([
      ["started", null],
      ["started", "2026-01-05T01:00:00.000Z"],
      ["started", "2026-01-05T01:00:00.000Z"],
      ["started", "2026-01-05T03:00:00.000Z"],
    ]);
    const jobs = await h.store.listJobs({ scheduleId: s.id, limit: 10 });
    expect(jobs.map((j) => j.status)).toEqual(["succeeded", "succeeded", "failed", "succeeded"]);
    expect(jobs.every((j) => j.requestedByOid === s.runAsOid && j.scheduleId === s.id)).toBe(true);
  });

  it("runs an overdue schedule once after a restart, not once per missed slot", async () => {
    setup("2026-01-05T00:00:00Z");
    const s = nightly(h.clock.now(), { cron: "0 * * * *", timeZone: "UTC" });
    await h.store.createSchedule(s);
    const before = tickerFor(h);
    h.clock.advance(60 * MINUTE);
    await before.tick();
    await endLatestRun(h, 30);
    await before.stop();
    // Down for three days; a new process's ticker on the same store.
    h.clock.advance(3 * 24 * 60 * MINUTE + 17 * MINUTE);
    const after = tickerFor(h);
    expect(await after.tick()).toBe(1);
    expect(await after.tick()).toBe(0);
    expect(h.dataverse.starts).toHaveLength(2);
    const runs = await h.store.listScheduleRuns(s.id, 10);
    expect(runs[0]).toMatchObject({ outcome: "started", dueAt: Date.parse("2026-01-05T02:00:00Z") });
    expect(iso((await h.store.getSchedule(s.id))!.nextRunAt)).toBe("2026-01-08T02:00:00.000Z");
  });

  it("claims every schedule due at once in one tick, however many", async () => {
    setup("2026-01-05T00:00:00Z");
    const ids = Array.from({ length: 120 }, () => randomUUID());
    for (const id of ids)
      await h.store.createSchedule(
        nightly(h.clock.now(), { id, targetId: randomUUID(), cron: "0 * * * *", timeZone: "UTC" }),
      );
    h.clock.advance(60 * MINUTE);
    const ticker = tickerFor(h);
    expect(await ticker.tick()).toBe(120);
    for (const id of ids) {
      const [run] = await h.store.listScheduleRuns(id, 10);
      expect(run).toMatchObject({ outcome: "started", dueAt: Date.parse("2026-01-05T01:00:00Z") });
      expect(iso((await h.store.getSchedule(id))!.nextRunAt)).toBe("2026-01-05T02:00:00.000Z");
    }
    expect(await ticker.tick()).toBe(0);
  });

  it("records a skip, naming the active run, when the previous run has not ended", async () => {
    setup("2026-01-05T00:00:00Z");
    const s = nightly(h.clock.now(), { cron: "0 * * * *", timeZone: "UTC" });
    await h.store.createSchedule(s);
    const ticker = tickerFor(h);
    h.clock.advance(60 * MINUTE);
    await ticker.tick();
    h.clock.advance(60 * MINUTE);
    await ticker.tick();
    expect(h.dataverse.starts).toHaveLength(1);
    const [skipped, started] = await h.store.listScheduleRuns(s.id, 10);
    expect(skipped).toMatchObject({
      outcome: "skipped",
      jobId: started!.jobId,
      reason: "The previous run is still running.",
    });
    await endLatestRun(h, 30);
    h.clock.advance(60 * MINUTE);
    await ticker.tick();
    expect(h.dataverse.starts).toHaveLength(2);
    const metrics = await (await h.get("/metrics")).text();
    expect(metrics).toContain('bgsync_schedule_runs_total{outcome="started"} 2');
    expect(metrics).toContain('bgsync_schedule_runs_total{outcome="skipped"} 1');
  });

  it("fails a run, starting nothing, when the run-as user can no longer read the record", async () => {
    setup("2026-01-05T00:00:00Z");
    const s = nightly(h.clock.now(), { cron: "0 * * * *", timeZone: "UTC" });
    await h.store.createSchedule(s);
    h.dataverse.readers.clear();
    h.clock.advance(60 * MINUTE);
    await tickerFor(h).tick();
    expect(h.dataverse.starts).toHaveLength(0);
    expect((await h.store.listScheduleRuns(s.id, 1))[0]).toMatchObject({
      outcome: "failed",
      reason: "Dataverse does not let the run-as user read the record.",
    });
  });

  it("records a start Dataverse refused as failed, naming the failed job and the {lastSuccess} it used", async () => {
    setup("2026-01-05T00:00:00Z");
    const s = nightly(h.clock.now(), { cron: "0 * * * *", timeZone: "UTC" });
    await h.store.createSchedule(s);
    const ticker = tickerFor(h);
    h.clock.advance(60 * MINUTE);
    await ticker.tick();
    await endLatestRun(h, 30);
    h.dataverse.failNextStart = new DataverseError(400, "0x80040265", "The plug-in is not registered.");
    h.clock.advance(60 * MINUTE);
    await ticker.tick();
    const [failed] = await h.store.listScheduleRuns(s.id, 1);
    const [job] = await h.store.listJobs({ scheduleId: s.id, limit: 1 });
    expect(job?.status).toBe("failed");
    expect(failed).toMatchObject({
      outcome: "failed",
      jobId: job!.id,
      lastSuccess: Date.parse("2026-01-05T01:00:00Z"),
      reason: "The plug-in is not registered.",
    });
  });
});
