/**
 * A schedule starts one Custom API on a cron timetable, as a named Dataverse user (docs in
 * README.md "Scheduled syncs"). Its runs are ordinary jobs carrying its id (`JobRow.scheduleId`);
 * what each due time led to (started, skipped, failed to start) is a ScheduleRunRow.
 */

export interface ScheduleRow {
  id: string;
  customApi: string;
  /** The parameters template; its tokens are expanded at each run (contracts/template.ts). */
  parameters: Record<string, unknown>;
  targetEntity: string;
  /** A record of `targetEntity`, or null for the table as a whole. */
  targetId: string | null;
  /** Five fields (minute hour day-of-month month day-of-week), read in `timeZone`. */
  cron: string;
  /** IANA time zone name, e.g. Europe/Paris. */
  timeZone: string;
  /** Entra object id of the Dataverse user every run acts as; null once that person was erased. */
  runAsOid: string | null;
  runAsName: string;
  enabled: boolean;
  /** The next due time (ms); null while paused. Tickers move it by compare-and-set (claimScheduleRun). */
  nextRunAt: number | null;
  createdAt: number;
  updatedAt: number;
  /**
   * Optimistic concurrency for changes to the definition. A claim (claimScheduleRun) moves it too: a
   * change read before the claim, which keeps the due time it read, must not write that time back.
   */
  version: number;
}

export type ScheduleRunOutcome = "started" | "skipped" | "failed";

export interface ScheduleRunRow {
  id: string;
  scheduleId: string;
  /** The due time this run was for; null for a "run now". */
  dueAt: number | null;
  at: number;
  outcome: ScheduleRunOutcome;
  /** The job it started, or (skipped) the still-active run that kept it from starting. */
  jobId: string | null;
  /** What `{lastSuccess}` expanded to (ms), null when no run had succeeded yet: a full sync. */
  lastSuccess: number | null;
  reason: string | null;
}

/** Runs kept per schedule; older ones go as new ones are recorded, so the table stays bounded. */
export const RUNS_KEPT = 100;

export interface ScheduleQuery {
  /** Only the schedules of this table: its records' and the table's own. */
  targetEntity?: string;
  /**
   * Only the schedules that run on this record: its own (the id compared case-insensitively, as
   * Dataverse compares ids) and the table-wide ones. Filtered by the store, so that a record's
   * schedules are found among however many its table has.
   */
  coveringRecord?: string;
  limit: number;
}

export interface ScheduleStore {
  createSchedule(schedule: ScheduleRow): Promise<void>;
  getSchedule(id: string): Promise<ScheduleRow | undefined>;
  /** Oldest first, filtered as ScheduleQuery says. */
  listSchedules(query: ScheduleQuery): Promise<ScheduleRow[]>;
  /** Writes `schedule` at `expectedVersion + 1` if the stored one is still at `expectedVersion`. */
  updateSchedule(schedule: ScheduleRow, expectedVersion: number): Promise<boolean>;
  /** Removes the schedule and its run records; its jobs stay (history), still naming it. */
  deleteSchedule(id: string): Promise<boolean>;
  /** Enabled schedules whose next run is due at `now`, most overdue first. */
  dueSchedules(now: number, limit: number): Promise<ScheduleRow[]>;
  /**
   * Compare-and-set on the due time: moves `nextRunAt` from `dueAt` to `nextRunAt` only if it is
   * still `dueAt` and the schedule enabled. Of several tickers (instances) that saw the same due
   * time, exactly one gets true, and only that one starts the run. `nextRunAt` null: never again.
   * A claim increments the version, so an updateSchedule read before it fails.
   */
  claimScheduleRun(id: string, dueAt: number, nextRunAt: number | null): Promise<boolean>;
  /** Records what a due time led to, keeping the newest RUNS_KEPT of the schedule. */
  recordScheduleRun(run: ScheduleRunRow): Promise<void>;
  /** Newest first. */
  listScheduleRuns(scheduleId: string, limit: number): Promise<ScheduleRunRow[]>;
}
