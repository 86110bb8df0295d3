import type Database from "better-sqlite3";
import {
  FAILED_RECORD_COLUMNS,
  JOB_CHANGING_COLUMNS,
  JOB_COLUMNS,
  OPERATION_CHANGING_COLUMNS,
  OPERATION_COLUMNS,
  failedRecordToParams,
  insertSql,
  jobChangingParams,
  jobToParams,
  operationToParams,
  updateSql,
} from "./sqlite-rows";
import { ACTIVE_JOB_SQL } from "./sqlite-schema";
import type { createSqliteOutbox } from "./sqlite-outbox";
import { ActiveJobConflictError, VersionConflictError, type JobChange } from "./store";

/**
 * One `save` on SQLite, inside the group commit's transaction. A new job is one INSERT that writes
 * nothing if the id exists; an existing one is one UPDATE whose WHERE clause is the version check,
 * of only the columns a save can change: SQLite then leaves alone every index on the others (owner,
 * target, idempotency key), which a full-row upsert rewrote on every save.
 */
export function createSqliteSave(db: Database.Database, outbox: ReturnType<typeof createSqliteOutbox>) {
  const q = {
    // A job that exists already is a conflict, as on PostgreSQL (pg-save.ts): no row is written.
    insertJob: db.prepare(`${insertSql("jobs", JOB_COLUMNS)} ON CONFLICT (id) DO NOTHING`),
    updateJob: db.prepare(`${updateSql("jobs", JOB_CHANGING_COLUMNS)} AND version = @expected_version`),
    insertOp: db.prepare(insertSql("operations", OPERATION_COLUMNS)),
    updateOp: db.prepare(updateSql("operations", OPERATION_CHANGING_COLUMNS)),
    insertEvent: db.prepare("INSERT INTO events (job_id, data, terminal) VALUES (?, ?, ?)"),
    activeJob: db.prepare(ACTIVE_JOB_SQL),
    insertFailure: db.prepare(`${insertSql("failed_records", FAILED_RECORD_COLUMNS)} ON CONFLICT DO NOTHING`),
  };

  /** Writes the job at `expectedVersion + 1`; throws when the stored version is not `expectedVersion`. */
  function writeJob(change: JobChange) {
    const job = { ...change.job, version: change.expectedVersion + 1 };
    const written =
      change.expectedVersion === 0
        ? q.insertJob.run(jobToParams(job))
        : q.updateJob.run({
            ...jobChangingParams(job),
            id: job.id,
            expected_version: change.expectedVersion,
          });
    if (written.changes !== 1) throw new VersionConflictError(job.id);
  }

  return function applyOne(change: JobChange): { seq: number | null } {
    try {
      writeJob(change);
    } catch (error) {
      const j = change.job;
      if ((error as { code?: string }).code !== "SQLITE_CONSTRAINT_UNIQUE") throw error;
      const active = q.activeJob.get(j.targetEntity, j.targetId, j.customApi, j.id) as
        { id: string } | undefined;
      throw active ? new ActiveJobConflictError(active.id) : error;
    }
    for (const op of change.operations ?? []) {
      const params = operationToParams(op);
      if (q.updateOp.run(params).changes === 0) q.insertOp.run(params);
    }
    for (const n of change.notifications ?? []) outbox.insert(n);
    for (const f of change.failures ?? []) q.insertFailure.run(failedRecordToParams(f));
    if (!change.event) return { seq: null };
    const info = q.insertEvent.run(change.job.id, change.event.data, change.event.terminal ? 1 : 0);
    return { seq: Number(info.lastInsertRowid) };
  };
}
