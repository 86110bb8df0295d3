import type pg from "pg";
import { pgOutbox } from "./pg-outbox";
import {
  FAILED_RECORD_COLUMNS,
  JOB_CHANGING_COLUMNS,
  JOB_COLUMNS,
  OPERATION_CHANGING_COLUMNS,
  OPERATION_COLUMNS,
  failedRecordToParams,
  jobChangingParams,
  jobToParams,
  operationToParams,
} from "./sqlite-rows";
import { ActiveJobConflictError, VersionConflictError, type JobChange } from "./store";

/**
 * One `save` on PostgreSQL, inside the group's transaction. The version check is the UPDATE's own
 * WHERE clause (or the INSERT's conflict on the id): of two instances writing one job, the second
 * waits for the first's row lock, then finds the version moved and changes nothing. The event is
 * announced with pg_notify in the same statement, delivered only if the group commits.
 */

const placeholders = (n: number) => Array.from({ length: n }, (_, i) => `$${i + 1}`).join(", ");
const insertSql = (table: string, cols: readonly string[], onConflict: string) =>
  `INSERT INTO ${table} (${cols.join(", ")}) VALUES (${placeholders(cols.length)}) ${onConflict}`;

// Built once; only the columns a save can change are rewritten (sqlite-rows.ts, JOB_CHANGING_COLUMNS).
const INSERT_JOB = insertSql("jobs", JOB_COLUMNS, "ON CONFLICT (id) DO NOTHING");
const UPDATE_JOB = `UPDATE jobs SET ${JOB_CHANGING_COLUMNS.map((c, i) => `${c} = $${i + 2}`).join(", ")}
  WHERE id = $1 AND version = $${JOB_CHANGING_COLUMNS.length + 2}`;
const UPSERT_OPERATION = insertSql(
  "operations",
  OPERATION_COLUMNS,
  `ON CONFLICT (id) DO UPDATE SET ${OPERATION_CHANGING_COLUMNS.map((c) => `${c} = excluded.${c}`).join(", ")}`,
);
const INSERT_FAILED_RECORD = insertSql("failed_records", FAILED_RECORD_COLUMNS, "ON CONFLICT DO NOTHING");
const values = <K extends string>(params: Record<K, unknown>, cols: readonly K[]) =>
  cols.map((c) => params[c]);

const ACTIVE_JOB = `SELECT id FROM jobs WHERE target_entity = $1 AND lower(target_id) = lower($2)
  AND custom_api = $3 AND status IN ('queued', 'running', 'canceling') AND concurrent = 0 AND id <> $4`;

export async function applyOne(c: pg.ClientBase, change: JobChange, channel: string) {
  const job = { ...change.job, version: change.expectedVersion + 1 };
  const written =
    change.expectedVersion === 0
      ? (await c.query(INSERT_JOB, values(jobToParams(job), JOB_COLUMNS))).rowCount
      : (
          await c.query(UPDATE_JOB, [
            job.id,
            ...values(jobChangingParams(job), JOB_CHANGING_COLUMNS),
            change.expectedVersion,
          ])
        ).rowCount;
  if (written !== 1) throw new VersionConflictError(change.job.id);
  for (const op of change.operations ?? [])
    await c.query(UPSERT_OPERATION, values(operationToParams(op), OPERATION_COLUMNS));
  for (const n of change.notifications ?? []) await pgOutbox.insert(c, n);
  for (const f of change.failures ?? [])
    await c.query(INSERT_FAILED_RECORD, values(failedRecordToParams(f), FAILED_RECORD_COLUMNS));
  if (!change.event) return { seq: null };
  const { rows } = await c.query<{ seq: number }>(
    `WITH e AS (INSERT INTO events (job_id, data, terminal) VALUES ($1, $2, $3) RETURNING seq)
     SELECT seq, pg_notify($4, $1 || ':' || seq) FROM e`,
    [change.job.id, change.event.data, change.event.terminal ? 1 : 0, channel],
  );
  return { seq: rows[0]!.seq };
}

/** One active job per record: the index refused the save; name the job that holds the place. */
export async function activeJobConflict(error: unknown, c: pg.ClientBase, change: JobChange) {
  const e = error as { code?: string; constraint?: string };
  if (e.code !== "23505" || e.constraint !== "jobs_one_active") return error;
  const j = change.job;
  const { rows } = await c.query<{ id: string }>(ACTIVE_JOB, [j.targetEntity, j.targetId, j.customApi, j.id]);
  return rows[0] ? new ActiveJobConflictError(rows[0].id) : error;
}
