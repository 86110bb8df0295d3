import type { Clock } from "../clock";
import type { Logger } from "../logger";
import type { Store } from "../store/store";
import { nextRunAfter } from "./cron";
import type { RunSchedule } from "./run-schedule";

/**
 * Starts the runs of schedules that are due. Each due time is claimed by compare-and-set on
 * next_run_at (ScheduleStore.claimScheduleRun) before anything starts, so of several instances
 * ticking on one store exactly one starts each run. The next due time is the first slot after now,
 * not after the missed one: after downtime an overdue schedule runs once, not once per missed slot.
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

  async function pass(): Promise<number> {
    const now = d.clock.now();
    let claimed = 0;
    for (const s of await d.store.dueSchedules(now, BATCH)) {
      const next = nextRunAfter(s.cron, s.timeZone, now);
      if (!(await d.store.claimScheduleRun(s.id, s.nextRunAt!, next))) continue;
      claimed++;
      await d
        .run(s, s.nextRunAt)
        .catch((error: unknown) =>
          d.logger.error({ scheduleId: s.id, err: error }, "a scheduled run could not be recorded"),
        );
    }
    return claimed;
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
