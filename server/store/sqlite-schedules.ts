import type Database from "better-sqlite3";
import { RUNS_KEPT, type ScheduleQuery, type ScheduleRow, type ScheduleRunRow } from "../schedules/schedule";
import {
  RUN_COLUMNS,
  SCHEDULE_COLUMNS,
  runFromRow,
  runToParams,
  scheduleFromRow,
  scheduleListFilter,
  SQLITE_SCHEDULE_TABLES,
  scheduleToParams,
  type SqlRow,
} from "./schedule-columns";

/** Schedules in SQLite: their tables, and the store operations that touch only them. */

const named = (cols: readonly string[]) => cols.map((c) => "@" + c).join(", ");

export function createSqliteSchedules(db: Database.Database) {
  // Databases made before schedules lack the column that marks a job as a schedule's run.
  const jobColumns = db.prepare("PRAGMA table_info(jobs)").all() as { name: string }[];
  if (!jobColumns.some((c) => c.name === "schedule_id"))
    db.exec("ALTER TABLE jobs ADD COLUMN schedule_id TEXT");
  db.exec(SQLITE_SCHEDULE_TABLES);

  const q = {
    insert: db.prepare(
      `INSERT INTO schedules (${SCHEDULE_COLUMNS.join(", ")}) VALUES (${named(SCHEDULE_COLUMNS)})`,
    ),
    get: db.prepare("SELECT * FROM schedules WHERE id = ?"),
    update: db.prepare(`UPDATE schedules SET ${SCHEDULE_COLUMNS.map((c) => `${c} = @${c}`).join(", ")}
      WHERE id = @id AND version = @expected`),
    deleteRuns: db.prepare("DELETE FROM schedule_runs WHERE schedule_id = ?"),
    delete: db.prepare("DELETE FROM schedules WHERE id = ?"),
    due: db.prepare(
      "SELECT * FROM schedules WHERE enabled = 1 AND next_run_at <= ? ORDER BY next_run_at LIMIT ?",
    ),
    claim: db.prepare(
      "UPDATE schedules SET next_run_at = ?, version = version + 1 WHERE id = ? AND next_run_at = ? AND enabled = 1",
    ),
    insertRun: db.prepare(
      `INSERT INTO schedule_runs (${RUN_COLUMNS.join(", ")}) VALUES (${named(RUN_COLUMNS)})`,
    ),
    trimRuns: db.prepare(`DELETE FROM schedule_runs WHERE schedule_id = @s AND id NOT IN (
      SELECT id FROM schedule_runs WHERE schedule_id = @s ORDER BY at DESC, id DESC LIMIT @keep)`),
    runs: db.prepare("SELECT * FROM schedule_runs WHERE schedule_id = ? ORDER BY at DESC, id DESC LIMIT ?"),
  };

  return {
    createSchedule: (s: ScheduleRow) => void q.insert.run(scheduleToParams(s)),
    getSchedule: (id: string) => {
      const row = q.get.get(id) as SqlRow | undefined;
      return row && scheduleFromRow(row);
    },
    listSchedules: (query: ScheduleQuery) => {
      const { where, args } = scheduleListFilter(query, () => "?");
      const sql = `SELECT * FROM schedules ${where} ORDER BY created_at, id LIMIT ?`;
      return (db.prepare(sql).all(...args, query.limit) as SqlRow[]).map(scheduleFromRow);
    },
    updateSchedule: (s: ScheduleRow, expected: number) =>
      q.update.run({ ...scheduleToParams({ ...s, version: expected + 1 }), expected }).changes === 1,
    deleteSchedule: (id: string) => {
      q.deleteRuns.run(id);
      return q.delete.run(id).changes === 1;
    },
    dueSchedules: (now: number, limit: number) => (q.due.all(now, limit) as SqlRow[]).map(scheduleFromRow),
    claimScheduleRun: (id: string, dueAt: number, nextRunAt: number | null) =>
      q.claim.run(nextRunAt, id, dueAt).changes === 1,
    recordScheduleRun: (run: ScheduleRunRow) => {
      q.insertRun.run(runToParams(run));
      q.trimRuns.run({ s: run.scheduleId, keep: RUNS_KEPT });
    },
    listScheduleRuns: (scheduleId: string, limit: number) =>
      (q.runs.all(scheduleId, limit) as SqlRow[]).map(runFromRow),
  };
}
