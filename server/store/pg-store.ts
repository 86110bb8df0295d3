import type pg from "pg";
import { createPool, parsePgUrl, queryTwice, unreachable, type PgTarget } from "./pg-connect";
import { createGroupCommit } from "./pg-group-commit";
import { pgLifecycle } from "./pg-lifecycle";
import { pgOutbox } from "./pg-outbox";
import { pgSchedules } from "./pg-schedules";
import { migrate } from "./pg-schema";
import { activeJobConflict, applyOne } from "./pg-save";
import {
  eventFromRow,
  failedRecordFromRow,
  jobFromRow,
  operationFromRow,
  operationWithJobFromRow,
  operationWithJobSql,
  type SqlRow,
} from "./sqlite-rows";
import type { JobQuery, Store } from "./store";

/**
 * The store on PostgreSQL, for several API instances sharing one database. Same guarantees as the
 * SQLite store (store.ts): a save checks the version in its UPDATE's WHERE clause, so two instances
 * writing one job cannot both win; one active job per record is the same unique partial index.
 * Each stored event is announced on a channel per schema (pg_notify, delivered at COMMIT) with only
 * its job id and sequence: instances read the event itself from the table (events/shared-hub.ts).
 */

export interface PgStore extends Store {
  readonly target: PgTarget;
  /** The store's pool, which the shared polling floor, claims and rate limit also use (coordination/). */
  readonly pool: pg.Pool;
  readonly channel: string;
}

export interface PgStoreOptions {
  onCommit?: (writes: number) => void;
  /** Connections for reads and group commits (STORE_POOL_SIZE). */
  poolSize?: number;
  onError?: (error: Error) => void;
}

export async function openPgStore(storeUrl: string, options: PgStoreOptions = {}): Promise<PgStore> {
  const target = parsePgUrl(storeUrl);
  const poolSize = options.poolSize ?? 10;
  const pool = createPool(target, "store", { max: poolSize, onError: options.onError ?? (() => undefined) });
  try {
    const client = await pool.connect();
    try {
      await migrate(client, target.schema);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end();
    throw unreachable(target, error);
  }
  const channel = `bgsync:${target.schema}`;
  // Leave a connection of the pool for reads while groups commit.
  const group = createGroupCommit(pool, {
    onCommit: options.onCommit,
    maxGroups: Math.max(1, Math.min(4, poolSize - 1)),
  });
  /** Reads are idempotent: one that lost its connection is tried once more on another. */
  const query = async (sql: string, params: unknown[] = []) =>
    (await queryTwice<SqlRow>(pool, sql, params)).rows;
  const one = async <T>(sql: string, params: unknown[], map: (r: SqlRow) => T) => {
    const [row] = await query(sql, params);
    return row && map(row);
  };

  return {
    target,
    pool,
    channel,
    getJob: (id) => one("SELECT * FROM jobs WHERE id = $1", [id], jobFromRow),
    findJobByIdempotencyKey: (oid, key) =>
      one("SELECT * FROM jobs WHERE requested_by_oid = $1 AND idempotency_key = $2", [oid, key], jobFromRow),
    listJobs: async (q: JobQuery) => {
      const filters: [string, unknown][] = [
        ["target_entity", q.targetEntity],
        ["target_id", q.targetId],
        ["requested_by_oid", q.requestedByOid],
        ["schedule_id", q.scheduleId],
        ["status", q.status],
      ];
      const used = filters.filter(([, v]) => v !== undefined);
      const args = used.map(([, v]) => v);
      const where = used.map(([c], i) => `${c} = $${i + 1}`);
      if (q.before) {
        args.push(q.before.createdAt, q.before.id);
        where.push(
          `(created_at < $${args.length - 1} OR (created_at = $${args.length - 1} AND id < $${args.length}))`,
        );
      }
      args.push(q.limit);
      const sql = `SELECT * FROM jobs ${where.length ? "WHERE " + where.join(" AND ") : ""}
        ORDER BY created_at DESC, id DESC LIMIT $${args.length}`;
      return (await query(sql, args)).map(jobFromRow);
    },
    getOperation: (id) => one("SELECT * FROM operations WHERE id = $1", [id], operationFromRow),
    getOperationWithJob: (id) => one(operationWithJobSql("$1"), [id], operationWithJobFromRow),
    listOperations: async (jobId) =>
      (await query("SELECT * FROM operations WHERE job_id = $1 ORDER BY batch", [jobId])).map(
        operationFromRow,
      ),
    operationByBackgroundId: (id) =>
      one("SELECT * FROM operations WHERE background_operation_id = $1 LIMIT 1", [id], operationFromRow),
    dueOperations: async (now, limit) =>
      (
        await query(
          "SELECT * FROM operations WHERE next_check_at IS NOT NULL AND next_check_at <= $1 ORDER BY next_check_at LIMIT $2",
          [now, limit],
        )
      ).map(operationFromRow),
    save: (change) =>
      group.write(
        (c) => applyOne(c, change, channel),
        (error, c) => activeJobConflict(error, c, change),
      ),
    eventsAfter: async (jobId, afterSeq) =>
      (
        await query("SELECT * FROM events WHERE job_id = $1 AND seq > $2 ORDER BY seq", [jobId, afterSeq])
      ).map(eventFromRow),
    latestEvent: (jobId) =>
      one("SELECT * FROM events WHERE job_id = $1 ORDER BY seq DESC LIMIT 1", [jobId], eventFromRow),
    listFailures: async (jobId) =>
      (await query("SELECT * FROM failed_records WHERE job_id = $1 ORDER BY position", [jobId])).map(
        failedRecordFromRow,
      ),
    countJobsByStatus: async () =>
      Object.fromEntries(
        (await query("SELECT status, COUNT(*) AS n FROM jobs GROUP BY status")).map((r) => [
          r.status as string,
          r.n as number,
        ]),
      ),
    claimNotifications: (now, leaseUntil, limit) =>
      group.write((c) => pgOutbox.claim(c, now, leaseUntil, limit)),
    updateNotification: (row, expected) => group.write((c) => pgOutbox.update(c, row, expected)),
    getNotification: (id) => pgOutbox.get(query, id),
    listNotifications: (q) => pgOutbox.list(query, q),
    countNotificationsByStatus: () => pgOutbox.countByStatus(query),
    createSchedule: (s) => group.write((c) => pgSchedules.create(c, s)),
    getSchedule: (id) => pgSchedules.get(query, id),
    listSchedules: (q) => pgSchedules.list(query, q),
    updateSchedule: (s, expected) => group.write((c) => pgSchedules.update(c, s, expected)),
    deleteSchedule: (id) => group.write((c) => pgSchedules.delete(c, id)),
    dueSchedules: (now, limit) => pgSchedules.due(query, now, limit),
    claimScheduleRun: (id, dueAt, next) => group.write((c) => pgSchedules.claim(c, id, dueAt, next)),
    recordScheduleRun: (run) => group.write((c) => pgSchedules.recordRun(c, run)),
    listScheduleRuns: (id, limit) => pgSchedules.runs(query, id, limit),
    // Retention and erasure run in small batches through the group commit, between other writes.
    jobsWithEventsToCompact: (endedBefore, limit) =>
      pgLifecycle.jobsWithEventsToCompact(query, endedBefore, limit),
    compactEvents: (jobId, version, lastData) =>
      group.write((c) => pgLifecycle.compactEvents(c, jobId, version, lastData)),
    removeEndedJobs: (endedBefore, limit) =>
      group.write((c) => pgLifecycle.removeEndedJobs(c, endedBefore, limit)),
    erasePerson: (objectId) => group.write((c) => pgLifecycle.erasePerson(c, objectId)),
    stats: () => pgLifecycle.stats(query, target.schema),
    ping: async () => void (await pool.query("SELECT 1")),
    close: async () => {
      await group.close();
      await pool.end();
    },
  };
}
