import type pg from "pg";
import { pgOutbox } from "./pg-outbox";
import { failedRecordToParams, jobToParams, operationToParams, type SqlRow } from "./sqlite-rows";
import { ActiveJobConflictError, VersionConflictError, type JobChange } from "./store";

/**
 * One `save` on PostgreSQL, inside the group's transaction. The version check is the UPDATE's own
 * WHERE clause (or the INSERT's conflict on the id): of two instances writing one job, the second
 * waits for the first's row lock, then finds the version moved and changes nothing. The event is
 * announced with pg_notify in the same statement, delivered only if the group commits.
 */

const placeholders = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `$${i + from}`).join(", ");

function insertSql(table: string, params: SqlRow, onConflict: string) {
  const cols = Object.keys(params);
  return `INSERT INTO ${table} (${cols.join(", ")}) VALUES (${placeholders(cols.length)}) ${onConflict}`;
}
function upsertSql(table: string, params: SqlRow) {
  const updates = Object.keys(params)
    .filter((c) => c !== "id")
    .map((c) => `${c} = excluded.${c}`);
  return insertSql(table, params, `ON CONFLICT (id) DO UPDATE SET ${updates.join(", ")}`);
}
function updateJobSql(params: SqlRow) {
  const cols = Object.keys(params).filter((c) => c !== "id");
  const sets = cols.map((c, i) => `${c} = $${i + 2}`).join(", ");
  return { sql: `UPDATE jobs SET ${sets} WHERE id = $1 AND version = $${cols.length + 2}`, cols };
}
const ACTIVE_JOB = `SELECT id FROM jobs WHERE target_entity = $1 AND lower(target_id) = lower($2)
  AND custom_api = $3 AND status IN ('queued', 'running', 'canceling') AND concurrent = 0 AND id <> $4`;

export async function applyOne(c: pg.ClientBase, change: JobChange, channel: string) {
  const params = jobToParams({ ...change.job, version: change.expectedVersion + 1 });
  let written: number | null;
  if (change.expectedVersion === 0) {
    written = (await c.query(insertSql("jobs", params, "ON CONFLICT (id) DO NOTHING"), Object.values(params)))
      .rowCount;
  } else {
    const { sql, cols } = updateJobSql(params);
    written = (await c.query(sql, [params.id, ...cols.map((k) => params[k]), change.expectedVersion]))
      .rowCount;
  }
  if (written !== 1) throw new VersionConflictError(change.job.id);
  for (const op of change.operations ?? []) {
    const p = operationToParams(op);
    await c.query(upsertSql("operations", p), Object.values(p));
  }
  for (const n of change.notifications ?? []) await pgOutbox.insert(c, n);
  for (const f of change.failures ?? []) {
    const p = failedRecordToParams(f);
    await c.query(insertSql("failed_records", p, "ON CONFLICT DO NOTHING"), Object.values(p));
  }
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
