import type pg from "pg";
import {
  ERASED_PERSON,
  withoutRequester,
  type StoreErasure,
  type RemovedJobs,
  type StoreStats,
} from "./lifecycle";
import { ERASE_RUN_AS } from "./schedule-columns";
import { TERMINAL_JOB_STATUSES, type JobStatus } from "./store";

/**
 * Retention and erasure on PostgreSQL (lifecycle.ts), run by the store inside its group commit.
 * Jobs to remove are taken with SKIP LOCKED, so instances pruning at once remove each row once.
 */

type Query = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

const TERMINAL = `status IN (${TERMINAL_JOB_STATUSES.map((s) => `'${s}'`).join(", ")})`;
const REMOVABLE = `SELECT id FROM jobs WHERE ${TERMINAL} AND ended_at < $1
  AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.job_id = jobs.id AND n.status IN ('pending', 'sending'))
  ORDER BY ended_at LIMIT $2 FOR UPDATE SKIP LOCKED`;

export const pgLifecycle = {
  jobsWithEventsToCompact: async (query: Query, endedBefore: number, limit: number): Promise<string[]> =>
    (
      await query(
        `SELECT j.id FROM jobs j WHERE j.${TERMINAL} AND j.ended_at < $1
           AND (SELECT COUNT(*) FROM events e WHERE e.job_id = j.id) > 1
         ORDER BY j.ended_at LIMIT $2`,
        [endedBefore, limit],
      )
    ).map((r) => r.id as string),

  /** The job's last event takes `lastData`; the others go. Resolves how many went. */
  async compactEvents(c: pg.ClientBase, jobId: string, version: number, lastData: string) {
    // FOR UPDATE: a save of the job waits for this transaction, so it cannot slip in between.
    const job = await c.query("SELECT 1 FROM jobs WHERE id = $1 AND version = $2 FOR UPDATE", [
      jobId,
      version,
    ]);
    if (!job.rowCount) return null;
    const { rows } = await c.query<{ seq: number }>(
      "SELECT seq FROM events WHERE job_id = $1 ORDER BY seq FOR UPDATE",
      [jobId],
    );
    const last = rows.pop();
    if (last) await c.query("UPDATE events SET data = $1 WHERE seq = $2", [lastData, last.seq]);
    if (!rows.length) return 0;
    return (await c.query("DELETE FROM events WHERE seq = ANY($1)", [rows.map((r) => r.seq)])).rowCount ?? 0;
  },

  async removeEndedJobs(c: pg.ClientBase, endedBefore: number, limit: number): Promise<RemovedJobs> {
    const ids = (await c.query<{ id: string }>(REMOVABLE, [endedBefore, limit])).rows.map((r) => r.id);
    const remove = async (table: string, column: string) =>
      (await c.query(`DELETE FROM ${table} WHERE ${column} = ANY($1)`, [ids])).rowCount ?? 0;
    if (!ids.length) return { jobs: 0, operations: 0, events: 0, notifications: 0 };
    const operations = await remove("operations", "job_id");
    const events = await remove("events", "job_id");
    const notifications = await remove("notifications", "job_id");
    await remove("failed_records", "job_id");
    return { jobs: await remove("jobs", "id"), operations, events, notifications };
  },

  /** As in SQLite: the person's finished jobs and their notifications; events are compacted later. */
  async erasePerson(c: pg.ClientBase, objectId: string): Promise<StoreErasure> {
    const paused = await c.query<{ id: string }>(ERASE_RUN_AS("$1"), [objectId]);
    const schedulesPaused = paused.rows.map((r) => r.id);
    const erasure: StoreErasure = {
      jobIds: [],
      notificationsRewritten: 0,
      activeJobIds: [],
      schedulesPaused,
    };
    const jobs = await c.query<{ id: string; status: string }>(
      "SELECT id, status FROM jobs WHERE lower(requested_by_oid) = lower($1) FOR UPDATE",
      [objectId],
    );
    for (const { id, status } of jobs.rows) {
      if (!TERMINAL_JOB_STATUSES.includes(status as JobStatus)) {
        erasure.activeJobIds.push(id);
        continue;
      }
      await c.query(
        `UPDATE jobs SET requested_by_oid = $1, requested_by_name = $2, idempotency_key = NULL,
         request_hash = NULL, version = version + 1 WHERE id = $3`,
        [ERASED_PERSON.objectId, ERASED_PERSON.name, id],
      );
      erasure.jobIds.push(id);
      const notes = await c.query<{ id: string; payload: string }>(
        "SELECT id, payload FROM notifications WHERE job_id = $1",
        [id],
      );
      for (const n of notes.rows)
        erasure.notificationsRewritten +=
          (
            await c.query("UPDATE notifications SET payload = $1 WHERE id = $2", [
              withoutRequester(n.payload),
              n.id,
            ])
          ).rowCount ?? 0;
    }
    return erasure;
  },

  async stats(
    query: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>,
    schema: string,
  ): Promise<StoreStats> {
    const row = async (table: string, oldest: string) => {
      const [r] = await query(`SELECT COUNT(*) AS n, (${oldest}) AS oldest FROM ${table}`);
      return { rows: r!.n as number, oldest: (r!.oldest as number | null) ?? null };
    };
    const [size] = await query(
      `SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::bigint AS bytes FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
      [schema],
    );
    return {
      sizeBytes: size!.bytes as number,
      tables: {
        jobs: await row("jobs", "SELECT MIN(created_at) FROM jobs"),
        operations: await row("operations", "SELECT MIN(created_at) FROM operations"),
        events: await row(
          "events",
          "SELECT j.created_at FROM events e JOIN jobs j ON j.id = e.job_id ORDER BY e.seq LIMIT 1",
        ),
        notifications: await row("notifications", "SELECT MIN(created_at) FROM notifications"),
      },
    };
  },
};
