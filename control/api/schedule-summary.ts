import type { JobStatus } from "./job";

/** GET /api/schedules/summary: the schedules that sync a record (its own and its table's). */
export interface ScheduleSummary {
  schedules: number;
  /** ISO time of the soonest due run; null when every schedule is paused. */
  nextRunAt: string | null;
  /** The newest job any of them started. */
  lastRun: { jobId: string; status: JobStatus; createdAt: string; endedAt: string | null } | null;
}
