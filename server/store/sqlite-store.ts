import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { failedRecordFromRow, eventFromRow, jobFromRow, operationFromRow, type SqlRow } from "./sqlite-rows";
import { ADD_CONCURRENT, ADDED_COLUMNS, FAILED_RECORDS, ONE_ACTIVE_JOB, SCHEMA } from "./sqlite-schema";
import { createSqliteLifecycle, LIFECYCLE_INDEXES } from "./sqlite-lifecycle";
import { createSqliteOutbox } from "./sqlite-outbox";
import { createSqliteSave } from "./sqlite-save";
import { createSqliteSchedules } from "./sqlite-schedules";
import type { JobQuery, Store } from "./store";

/**
 * The embedded store. Durability: WAL with synchronous=FULL, so a committed transaction survives a
 * power cut. Throughput: group commit. Every `save` issued in the same event-loop turn joins one
 * transaction (one fsync), each inside its own savepoint so one failing save does not sink the rest.
 */
export function createSqliteStore(
  storeUrl: string,
  options: { onCommit?: (saves: number) => void } = {},
): Store {
  const path = storeUrl.replace(/^sqlite:/, "");
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  db.exec(SCHEMA);
  const outbox = createSqliteOutbox(db);
  const schedules = createSqliteSchedules(db);
  const columns = db.prepare("PRAGMA table_info(jobs)").all() as { name: string }[];
  if (!columns.some((c) => c.name === "concurrent")) db.exec(ADD_CONCURRENT);
  for (const [table, column, ddl] of ADDED_COLUMNS) {
    const existing = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
    if (!existing.some((c) => c.name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${ddl}`);
  }
  db.exec(FAILED_RECORDS);
  db.exec(ONE_ACTIVE_JOB);
  db.exec(LIFECYCLE_INDEXES);
  const lifecycle = createSqliteLifecycle(db, path);

  const q = {
    job: db.prepare("SELECT * FROM jobs WHERE id = ?"),
    jobByKey: db.prepare("SELECT * FROM jobs WHERE requested_by_oid = ? AND idempotency_key = ?"),
    op: db.prepare("SELECT * FROM operations WHERE id = ?"),
    opsOfJob: db.prepare("SELECT * FROM operations WHERE job_id = ? ORDER BY batch"),
    opByBackgroundId: db.prepare("SELECT * FROM operations WHERE background_operation_id = ? LIMIT 1"),
    dueOps: db.prepare(
      "SELECT * FROM operations WHERE next_check_at IS NOT NULL AND next_check_at <= ? ORDER BY next_check_at LIMIT ?",
    ),
    eventsAfter: db.prepare("SELECT * FROM events WHERE job_id = ? AND seq > ? ORDER BY seq"),
    latestEvent: db.prepare("SELECT * FROM events WHERE job_id = ? ORDER BY seq DESC LIMIT 1"),
    byStatus: db.prepare("SELECT status, COUNT(*) AS n FROM jobs GROUP BY status"),
    failures: db.prepare("SELECT * FROM failed_records WHERE job_id = ? ORDER BY position"),
  };
  const applyOne = createSqliteSave(db, outbox);

  type Pending = { work: () => unknown; resolve: (r: unknown) => void; reject: (e: unknown) => void };
  let queue: Pending[] = [];
  let closed = false;
  // Made once: better-sqlite3 builds four wrappers each time `transaction` is called.
  const inSavepoint = db.transaction((work: () => unknown) => work());
  const applyBatch = db.transaction((batch: Pending[]) =>
    batch.map((p) => {
      try {
        return { p, ok: true, value: inSavepoint(p.work) }; // nested: a savepoint
      } catch (error) {
        return { p, ok: false, value: error };
      }
    }),
  );
  const flush = () => {
    const batch = queue;
    queue = [];
    let results: ReturnType<typeof applyBatch>;
    try {
      // IMMEDIATE: take the write lock at BEGIN, where a busy database can still be waited for.
      results = applyBatch.immediate(batch);
    } catch (error) {
      // BEGIN or COMMIT failed (disk full, I/O error, locked): nothing in the group is durable.
      for (const p of batch) p.reject(error);
      return;
    }
    options.onCommit?.(batch.length);
    // Only now, after COMMIT returned, is every change durable: settle the callers.
    for (const r of results) {
      if (r.ok) r.p.resolve(r.value);
      else r.p.reject(r.value);
    }
  };
  /** Runs a write in the next group commit; resolves once it is durable. */
  const write = <T>(work: () => T) =>
    new Promise<T>((resolve, reject) => {
      if (closed) return reject(new Error("store is closed"));
      const pending = { work, resolve: resolve as (r: unknown) => void, reject };
      if (queue.push(pending) === 1) setImmediate(flush);
    });

  const rows = (stmt: Database.Statement, ...args: unknown[]) => stmt.all(...args) as SqlRow[];
  const mapOne = <T>(row: unknown, map: (r: SqlRow) => T) =>
    row === undefined ? undefined : map(row as SqlRow);
  // better-sqlite3 is synchronous; the Store contract is async so that PostgreSQL fits behind it.
  const read = <T>(work: () => T): Promise<T> => new Promise<T>((resolve) => resolve(work()));

  return {
    getJob: (id) => read(() => mapOne(q.job.get(id), jobFromRow)),
    findJobByIdempotencyKey: (oid, key) => read(() => mapOne(q.jobByKey.get(oid, key), jobFromRow)),
    listJobs: (query: JobQuery) =>
      read(() => {
        const filters: [string, unknown][] = [
          ["target_entity = ?", query.targetEntity],
          ["target_id = ?", query.targetId],
          ["requested_by_oid = ?", query.requestedByOid],
          ["schedule_id = ?", query.scheduleId],
          ["status = ?", query.status],
        ];
        const used = filters.filter(([, v]) => v !== undefined);
        const where = used.map(([clause]) => clause);
        const args = used.map(([, v]) => v);
        if (query.before) {
          where.push("(created_at < ? OR (created_at = ? AND id < ?))");
          args.push(query.before.createdAt, query.before.createdAt, query.before.id);
        }
        const sql = `SELECT * FROM jobs ${where.length ? "WHERE " + where.join(" AND ") : ""}
        ORDER BY created_at DESC, id DESC LIMIT ?`;
        return rows(db.prepare(sql), ...args, query.limit).map(jobFromRow);
      }),
    getOperation: (id) => read(() => mapOne(q.op.get(id), operationFromRow)),
    // Two statements in one read: better-sqlite3 gives the two rows faster than one JOIN's wide row.
    getOperationWithJob: (id) =>
      read(() => {
        const op = mapOne(q.op.get(id), operationFromRow);
        const job = op && mapOne(q.job.get(op.jobId), jobFromRow);
        return op && job && { operation: op, job };
      }),
    listOperations: (jobId) => read(() => rows(q.opsOfJob, jobId).map(operationFromRow)),
    operationByBackgroundId: (id) => read(() => mapOne(q.opByBackgroundId.get(id), operationFromRow)),
    dueOperations: (now, limit) => read(() => rows(q.dueOps, now, limit).map(operationFromRow)),
    save: (change) => write(() => applyOne(change)),
    eventsAfter: (jobId, afterSeq) => read(() => rows(q.eventsAfter, jobId, afterSeq).map(eventFromRow)),
    latestEvent: (jobId) => read(() => mapOne(q.latestEvent.get(jobId), eventFromRow)),
    listFailures: (jobId) => read(() => rows(q.failures, jobId).map(failedRecordFromRow)),
    countJobsByStatus: () =>
      read(() => Object.fromEntries(rows(q.byStatus).map((r) => [r.status as string, r.n as number]))),
    // Outbox writes join the group commit too: a pass of deliveries records its outcomes in one fsync.
    claimNotifications: (now, leaseUntil, limit) =>
      write(() => outbox.claimNotifications(now, leaseUntil, limit)),
    updateNotification: (row, expected) => write(() => outbox.updateNotification(row, expected)),
    getNotification: (id) => read(() => outbox.getNotification(id)),
    listNotifications: (query) => read(() => outbox.listNotifications(query)),
    countNotificationsByStatus: () => read(() => outbox.countNotificationsByStatus()),
    createSchedule: (s) => write(() => schedules.createSchedule(s)),
    getSchedule: (id) => read(() => schedules.getSchedule(id)),
    listSchedules: (query) => read(() => schedules.listSchedules(query)),
    updateSchedule: (s, expected) => write(() => schedules.updateSchedule(s, expected)),
    deleteSchedule: (id) => write(() => schedules.deleteSchedule(id)),
    dueSchedules: (now, limit) => read(() => schedules.dueSchedules(now, limit)),
    claimScheduleRun: (id, dueAt, next) => write(() => schedules.claimScheduleRun(id, dueAt, next)),
    recordScheduleRun: (run) => write(() => schedules.recordScheduleRun(run)),
    listScheduleRuns: (id, limit) => read(() => schedules.listScheduleRuns(id, limit)),
    // Retention and erasure run in small batches through the group commit, between other writes.
    jobsWithEventsToCompact: (endedBefore, limit) =>
      read(() => lifecycle.jobsWithEventsToCompact(endedBefore, limit)),
    compactEvents: (jobId, version, lastData) =>
      write(() => lifecycle.compactEvents(jobId, version, lastData)),
    removeEndedJobs: (endedBefore, limit) => write(() => lifecycle.removeEndedJobs(endedBefore, limit)),
    erasePerson: (objectId) => write(() => lifecycle.erasePerson(objectId)),
    stats: () => read(() => lifecycle.stats()),
    ping: () => read(() => db.prepare("SELECT 1").get()).then(() => undefined),
    close: () =>
      read(() => {
        closed = true;
        if (queue.length) flush();
        db.close();
      }),
  };
}
