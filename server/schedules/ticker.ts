import type { Clock } from "../clock";
import type { Logger } from "../logger";
import type { Store } from "../store/store";
import { nextRunAfter } from "./cron";
import type { RunSchedule } from "./run-schedule";
import type { ScheduleRow } from "./schedule";

/**
 * Starts the runs of schedules that are due. Each due time is claimed by compare-and-set on
 * next_run_at (ScheduleStore.claimScheduleRun) before anything starts, so of several instances
 * ticking on one store exactly one starts each run. The next due time is the first slot after now,
 * not after the missed one: after downtime an overdue schedule runs once, not once per missed slot.
 * A tick reads due schedules BATCH at a time, most overdue first, until none due at its start is
 * left, so that each starts within one tick of its due time however many come due together.
 */

export interface ScheduleTicker {
  /** One pass: starts every run due now; resolves how many due times this instance claimed. */
  tick(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

const BATCH = 50;

export function createScheduleTicker(d: {
  store: Store;
  clock: Clock;
  logger: Logger;
  run: RunSchedule;
  tickMs: number;
}): ScheduleTicker {
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<number> | null = null;

  /** Claims the due time read and, if this instance won it, starts the run; true if it did. */
  async function claimAndRun(s: ScheduleRow, now: number): Promise<boolean> {
    const next = nextRunAfter(s.cron, s.timeZone, now);
    if (!(await d.store.claimScheduleRun(s.id, s.nextRunAt!, next))) return false;
    await d
      .run(s, s.nextRunAt)
      .catch((error: unknown) =>
        d.logger.error({ scheduleId: s.id, err: error }, "a scheduled run could not be recorded"),
      );
    return true;
  }

  async function pass(): Promise<number> {
    const now = d.clock.now();
    // A claimed schedule leaves the due set, so the next read finds the ones after it. One that is
    // due again (another instance, its clock behind, claimed it with a next slot before this `now`)
    // is not claimed twice in one tick; its new due time is for the next tick.
    const seen = new Set<string>();
    let claimed = 0;
    for (;;) {
      const due = await d.store.dueSchedules(now, BATCH);
      const fresh = due.filter((s) => !seen.has(s.id));
      for (const s of fresh) {
        seen.add(s.id);
        if (await claimAndRun(s, now)) claimed++;
      }
      // A short read means none is left. A read of seen ones only (due again, as above) leaves any
      // after them to the next tick. Each further read takes one new schedule at least: a tick ends.
      if (due.length < BATCH || fresh.length === 0) return claimed;
    }
  }

  const tick = () => (current ??= pass().finally(() => (current = null)));

  return {
    tick,
    start() {
      const run = () =>
        void tick().catch((error: unknown) => d.logger.error({ err: error }, "schedule ticker failed"));
      timer = setInterval(run, d.tickMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await current?.catch(() => undefined);
    },
  };
}
