import type pg from "pg";
import { RUNS_KEPT, type ScheduleQuery, type ScheduleRow, type ScheduleRunRow } from "../schedules/schedule";
import {
  RUN_COLUMNS,
  SCHEDULE_COLUMNS,
  runFromRow,
  runToParams,
  scheduleFromRow,
  scheduleListFilter,
  scheduleToParams,
  type SqlRow,
} from "./schedule-columns";

/**
 * Schedules on PostgreSQL: the statements that touch only their tables. The claim is one UPDATE
 * whose WHERE names the due time it read: instances claiming the same due time queue on the row
 * lock, and after the first commits the others find next_run_at moved and update nothing.
 */

type Query = (sql: string, params?: unknown[]) => Promise<SqlRow[]>;

const dollars = (n: number) => Array.from({ length: n }, (_, i) => `$${i + 1}`).join(", ");
const INSERT = `INSERT INTO schedules (${SCHEDULE_COLUMNS.join(", ")}) VALUES (${dollars(SCHEDULE_COLUMNS.length)})`;
const UPDATE = `UPDATE schedules SET ${SCHEDULE_COLUMNS.map((c, i) => `${c} = $${i + 1}`).join(", ")}
  WHERE id = $1 AND version = $${SCHEDULE_COLUMNS.length + 1}`;
const INSERT_RUN = `INSERT INTO schedule_runs (${RUN_COLUMNS.join(", ")}) VALUES (${dollars(RUN_COLUMNS.length)})`;
const TRIM_RUNS = `DELETE FROM schedule_runs WHERE schedule_id = $1 AND id NOT IN (
  SELECT id FROM schedule_runs WHERE schedule_id = $1 ORDER BY at DESC, id DESC LIMIT $2)`;

const values = (params: SqlRow, cols: readonly string[]) => cols.map((c) => params[c]);

export const pgSchedules = {
  create: (c: pg.ClientBase, s: ScheduleRow) =>
    c.query(INSERT, values(scheduleToParams(s), SCHEDULE_COLUMNS)).then(() => undefined),
  get: async (query: Query, id: string) => {
    const [row] = await query("SELECT * FROM schedules WHERE id = $1", [id]);
    return row && scheduleFromRow(row);
  },
  list: async (query: Query, q: ScheduleQuery) => {
    const { where, args } = scheduleListFilter(q, (n) => `$${n}`);
    const sql = `SELECT * FROM schedules ${where} ORDER BY created_at, id LIMIT $${args.length + 1}`;
    return (await query(sql, [...args, q.limit])).map(scheduleFromRow);
  },
  update: async (c: pg.ClientBase, s: ScheduleRow, expected: number) => {
    const params = scheduleToParams({ ...s, version: expected + 1 });
    return (await c.query(UPDATE, [...values(params, SCHEDULE_COLUMNS), expected])).rowCount === 1;
  },
  delete: async (c: pg.ClientBase, id: string) => {
    await c.query("DELETE FROM schedule_runs WHERE schedule_id = $1", [id]);
    return (await c.query("DELETE FROM schedules WHERE id = $1", [id])).rowCount === 1;
  },
  due: async (query: Query, now: number, limit: number) =>
    (
      await query(
        "SELECT * FROM schedules WHERE enabled = 1 AND next_run_at <= $1 ORDER BY next_run_at LIMIT $2",
        [now, limit],
      )
    ).map(scheduleFromRow),
  claim: async (c: pg.ClientBase, id: string, dueAt: number, nextRunAt: number | null) =>
    (
      await c.query(
        "UPDATE schedules SET next_run_at = $1, version = version + 1 WHERE id = $2 AND next_run_at = $3 AND enabled = 1",
        [nextRunAt, id, dueAt],
      )
    ).rowCount === 1,
  recordRun: async (c: pg.ClientBase, run: ScheduleRunRow) => {
    await c.query(INSERT_RUN, values(runToParams(run), RUN_COLUMNS));
    await c.query(TRIM_RUNS, [run.scheduleId, RUNS_KEPT]);
  },
  runs: async (query: Query, scheduleId: string, limit: number) =>
    (
      await query("SELECT * FROM schedule_runs WHERE schedule_id = $1 ORDER BY at DESC, id DESC LIMIT $2", [
        scheduleId,
        limit,
      ])
    ).map(runFromRow),
};
