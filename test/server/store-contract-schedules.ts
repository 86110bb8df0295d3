import { afterEach, describe, expect, it } from "vitest";
import type { ScheduleRow, ScheduleRunRow } from "../../server/schedules/schedule";
import type { Store } from "../../server/store/store";
import { job, type OpenStore } from "./support/contract-rows";

/** The Store contract, continued (store-contract.ts): schedules, their runs and their jobs. */

export const schedule = (id: string, overrides: Partial<ScheduleRow> = {}): ScheduleRow => ({
  id,
  customApi: "x_Api",
  parameters: { SyncMode: "Incremental", LastSyncDate: "{lastSuccess}" },
  targetEntity: "account",
  targetId: null,
  cron: "0 6 * * *",
  timeZone: "Europe/Paris",
  runAsOid: "o",
  runAsName: "n",
  enabled: true,
  nextRunAt: 1000,
  createdAt: 1,
  updatedAt: 1,
  version: 1,
  ...overrides,
});

const run = (id: string, at: number, overrides: Partial<ScheduleRunRow> = {}): ScheduleRunRow => ({
  id,
  scheduleId: "s",
  dueAt: at,
  at,
  outcome: "started",
  jobId: null,
  lastSuccess: null,
  reason: null,
  ...overrides,
});

export function storeContractSchedules(name: string, open: OpenStore) {
  describe(`${name}: the Store contract for schedules`, () => {
    let store: Store;
    afterEach(() => store?.close());

    it("round-trips a schedule and changes it only at the version it was read at", async () => {
      store = await open({});
      const s = schedule("s", { targetId: "abc" });
      await store.createSchedule(s);
      expect(await store.getSchedule("s")).toEqual(s);
      const paused = { ...s, enabled: false, nextRunAt: null };
      expect(await store.updateSchedule(paused, 1)).toBe(true);
      expect(await store.updateSchedule({ ...s, cron: "* * * * *" }, 1)).toBe(false);
      expect(await store.getSchedule("s")).toEqual({ ...paused, version: 2 });
      await store.createSchedule(schedule("t", { targetEntity: "contact", createdAt: 2 }));
      expect((await store.listSchedules({ limit: 10 })).map((x) => x.id)).toEqual(["s", "t"]);
      expect((await store.listSchedules({ targetEntity: "contact", limit: 10 })).map((x) => x.id)).toEqual([
        "t",
      ]);
      expect(await store.deleteSchedule("s")).toBe(true);
      expect(await store.deleteSchedule("s")).toBe(false);
      expect(await store.getSchedule("s")).toBeUndefined();
    });

    it("lists the schedules covering a record: its own, whatever the id's case, and its table's", async () => {
      store = await open({});
      await store.createSchedule(schedule("table", { createdAt: 1 }));
      await store.createSchedule(schedule("other", { targetId: "def", createdAt: 2 }));
      await store.createSchedule(schedule("mine", { targetId: "ABC", createdAt: 3 }));
      await store.createSchedule(
        schedule("contact", { targetEntity: "contact", targetId: "abc", createdAt: 4 }),
      );
      await store.createSchedule(schedule("contacts", { targetEntity: "contact", createdAt: 5 }));
      const covering = await store.listSchedules({
        targetEntity: "account",
        coveringRecord: "abc",
        limit: 10,
      });
      expect(covering.map((s) => s.id)).toEqual(["table", "mine"]);
      const first = await store.listSchedules({ targetEntity: "account", coveringRecord: "abc", limit: 1 });
      expect(first.map((s) => s.id)).toEqual(["table"]);
    });

    it("lists due schedules, most overdue first, and never paused ones", async () => {
      store = await open({});
      await store.createSchedule(schedule("late", { nextRunAt: 500 }));
      await store.createSchedule(schedule("now", { nextRunAt: 1000 }));
      await store.createSchedule(schedule("later", { nextRunAt: 1001 }));
      await store.createSchedule(schedule("paused", { enabled: false, nextRunAt: 100 }));
      expect((await store.dueSchedules(1000, 10)).map((s) => s.id)).toEqual(["late", "now"]);
    });

    it("lets exactly one of many concurrent claims of a due time win", async () => {
      store = await open({});
      await store.createSchedule(schedule("s", { nextRunAt: 1000 }));
      const claims = await Promise.all(
        Array.from({ length: 8 }, () => store.claimScheduleRun("s", 1000, 2000)),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.getSchedule("s")).toMatchObject({ nextRunAt: 2000, version: 2 });
      expect(await store.claimScheduleRun("s", 1000, 3000)).toBe(false);
      // A change read before the claim would write the claimed due time back: the version refuses it.
      expect(await store.updateSchedule(schedule("s", { parameters: {} }), 1)).toBe(false);
      expect((await store.getSchedule("s"))?.nextRunAt).toBe(2000);
      await store.updateSchedule({ ...schedule("s"), enabled: false, nextRunAt: 2000 }, 2);
      expect(await store.claimScheduleRun("s", 2000, 3000)).toBe(false);
    });

    it("records runs newest first, keeping the newest 100 per schedule", async () => {
      store = await open({});
      for (let i = 0; i < 102; i++) await store.recordScheduleRun(run(`r${i}`, i));
      await store.recordScheduleRun(
        run("other", 5, { scheduleId: "t", outcome: "skipped", jobId: "j", reason: "r", lastSuccess: 4 }),
      );
      const runs = await store.listScheduleRuns("s", 200);
      expect(runs).toHaveLength(100);
      expect(runs[0]).toEqual(run("r101", 101));
      expect(runs.at(-1)?.id).toBe("r2");
      expect(await store.listScheduleRuns("t", 10)).toEqual([
        run("other", 5, { scheduleId: "t", outcome: "skipped", jobId: "j", reason: "r", lastSuccess: 4 }),
      ]);
    });

    it("keeps a job's schedule and finds a schedule's jobs by status, newest first", async () => {
      store = await open({});
      await store.save({ job: job("a", 1, { scheduleId: "s", status: "succeeded" }), expectedVersion: 0 });
      await store.save({ job: job("b", 2, { scheduleId: "s", status: "failed" }), expectedVersion: 0 });
      await store.save({ job: job("c", 3), expectedVersion: 0 });
      expect((await store.getJob("a"))?.scheduleId).toBe("s");
      expect((await store.getJob("c"))?.scheduleId).toBeNull();
      expect((await store.listJobs({ scheduleId: "s", limit: 5 })).map((j) => j.id)).toEqual(["b", "a"]);
      const ok = await store.listJobs({ scheduleId: "s", status: "succeeded", limit: 5 });
      expect(ok.map((j) => j.id)).toEqual(["a"]);
    });

    it("pauses the schedules an erased person ran and forgets them as the runner", async () => {
      store = await open({});
      await store.createSchedule(schedule("mine", { runAsOid: "ABC-1", runAsName: "Ann" }));
      await store.createSchedule(schedule("theirs", { runAsOid: "def-2" }));
      const erasure = await store.erasePerson("abc-1");
      expect(erasure.schedulesPaused).toEqual(["mine"]);
      expect(await store.getSchedule("mine")).toMatchObject({
        enabled: false,
        nextRunAt: null,
        runAsOid: null,
        runAsName: "",
        version: 2,
      });
      expect((await store.getSchedule("theirs"))?.enabled).toBe(true);
    });
  });
}
