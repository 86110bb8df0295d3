import type { ScheduleQuery, ScheduleRow, ScheduleRunRow } from "../schedules/schedule";

/**
 * The schedules' columns, the same in SQLite and PostgreSQL (times in ms, booleans 0/1, the
 * template as JSON text; PostgreSQL's tables are migration 5 in pg-schema.ts), and the mapping to
 * and from their rows.
 */

export type SqlRow = Record<string, unknown>;

export const SQLITE_SCHEDULE_TABLES = `
CREATE TABLE IF NOT EXISTS schedules (
  id TEXT PRIMARY KEY, custom_api TEXT NOT NULL, parameters TEXT NOT NULL,
  target_entity TEXT NOT NULL, target_id TEXT, cron TEXT NOT NULL, time_zone TEXT NOT NULL,
  run_as_oid TEXT, run_as_name TEXT NOT NULL, enabled SMALLINT NOT NULL, next_run_at INTEGER,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS schedules_due ON schedules (next_run_at) WHERE enabled = 1;
CREATE INDEX IF NOT EXISTS schedules_by_target ON schedules (target_entity, created_at);
CREATE TABLE IF NOT EXISTS schedule_runs (
  id TEXT PRIMARY KEY, schedule_id TEXT NOT NULL, due_at INTEGER, at INTEGER NOT NULL,
  outcome TEXT NOT NULL, job_id TEXT, last_success INTEGER, reason TEXT
);
CREATE INDEX IF NOT EXISTS schedule_runs_by_schedule ON schedule_runs (schedule_id, at DESC, id DESC);
CREATE INDEX IF NOT EXISTS jobs_by_schedule ON jobs (schedule_id, created_at DESC, id DESC)
  WHERE schedule_id IS NOT NULL;
`;

export const SCHEDULE_COLUMNS = [
  "id",
  "custom_api",
  "parameters",
  "target_entity",
  "target_id",
  "cron",
  "time_zone",
  "run_as_oid",
  "run_as_name",
  "enabled",
  "next_run_at",
  "created_at",
  "updated_at",
  "version",
] as const;

export const RUN_COLUMNS = [
  "id",
  "schedule_id",
  "due_at",
  "at",
  "outcome",
  "job_id",
  "last_success",
  "reason",
] as const;

export function scheduleToParams(s: ScheduleRow): SqlRow {
  return {
    id: s.id,
    custom_api: s.customApi,
    parameters: JSON.stringify(s.parameters),
    target_entity: s.targetEntity,
    target_id: s.targetId,
    cron: s.cron,
    time_zone: s.timeZone,
    run_as_oid: s.runAsOid,
    run_as_name: s.runAsName,
    enabled: s.enabled ? 1 : 0,
    next_run_at: s.nextRunAt,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    version: s.version,
  };
}

export function scheduleFromRow(r: SqlRow): ScheduleRow {
  return {
    id: r.id as string,
    customApi: r.custom_api as string,
    parameters: JSON.parse(r.parameters as string) as Record<string, unknown>,
    targetEntity: r.target_entity as string,
    targetId: (r.target_id as string | null) ?? null,
    cron: r.cron as string,
    timeZone: r.time_zone as string,
    runAsOid: (r.run_as_oid as string | null) ?? null,
    runAsName: r.run_as_name as string,
    enabled: Number(r.enabled) === 1,
    nextRunAt: (r.next_run_at as number | null) ?? null,
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
    version: r.version as number,
  };
}

export function runToParams(run: ScheduleRunRow): SqlRow {
  return {
    id: run.id,
    schedule_id: run.scheduleId,
    due_at: run.dueAt,
    at: run.at,
    outcome: run.outcome,
    job_id: run.jobId,
    last_success: run.lastSuccess,
    reason: run.reason,
  };
}

export function runFromRow(r: SqlRow): ScheduleRunRow {
  return {
    id: r.id as string,
    scheduleId: r.schedule_id as string,
    dueAt: (r.due_at as number | null) ?? null,
    at: r.at as number,
    outcome: r.outcome as ScheduleRunRow["outcome"],
    jobId: (r.job_id as string | null) ?? null,
    lastSuccess: (r.last_success as number | null) ?? null,
    reason: (r.reason as string | null) ?? null,
  };
}

/**
 * The WHERE clause of listSchedules and its arguments, the same in both stores; `param(n)` names
 * the n-th argument (1-based) in the store's placeholder style.
 */
export function scheduleListFilter(q: ScheduleQuery, param: (n: number) => string) {
  const conditions: string[] = [];
  const args: string[] = [];
  if (q.targetEntity !== undefined) {
    args.push(q.targetEntity);
    conditions.push(`target_entity = ${param(args.length)}`);
  }
  if (q.coveringRecord !== undefined) {
    args.push(q.coveringRecord);
    conditions.push(`(target_id IS NULL OR lower(target_id) = lower(${param(args.length)}))`);
  }
  return { where: conditions.length ? `WHERE ${conditions.join(" AND ")}` : "", args };
}

/** Pauses the erased person's schedules and forgets them as their runner (docs/data-lifecycle.md). */
export const ERASE_RUN_AS = (param: string) =>
  `UPDATE schedules SET enabled = 0, next_run_at = NULL, run_as_oid = NULL, run_as_name = '',
   version = version + 1 WHERE lower(run_as_oid) = lower(${param}) RETURNING id`;
