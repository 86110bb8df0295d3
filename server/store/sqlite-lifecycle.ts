import { statSync } from "node:fs";
import type Database from "better-sqlite3";
import { ERASE_RUN_AS } from "./schedule-columns";
import { TERMINAL_JOB_STATUSES, type JobStatus } from "./store";
import {
  ERASED_PERSON,
  withoutRequester,
  type StoreErasure,
  type RemovedJobs,
  type StoreStats,
} from "./lifecycle";

/** Retention and erasure in SQLite: the statements, run by the store inside its group commit. */

const TERMINAL = `status IN (${TERMINAL_JOB_STATUSES.map((s) => `'${s}'`).join(", ")})`;
const ENDED = `${TERMINAL} AND ended_at < ?`;
/** A job whose notifications are all settled (delivered, gone or dead) may go. */
const SETTLED = `NOT EXISTS (SELECT 1 FROM notifications n
  WHERE n.job_id = jobs.id AND n.status IN ('pending', 'sending'))`;

export const LIFECYCLE_INDEXES = `
CREATE INDEX IF NOT EXISTS jobs_ended ON jobs (ended_at) WHERE ended_at IS NOT NULL;
`;

export function createSqliteLifecycle(db: Database.Database, path: string) {
  const q = {
    compactable: db.prepare(`SELECT j.id FROM jobs j WHERE j.${TERMINAL} AND j.ended_at < ?
        AND (SELECT COUNT(*) FROM events e WHERE e.job_id = j.id) > 1
      ORDER BY j.ended_at LIMIT ?`),
    deleteEvent: db.prepare("DELETE FROM events WHERE seq = ?"),
    jobAt: db.prepare("SELECT 1 FROM jobs WHERE id = ? AND version = ?"),
    removable: db.prepare(`SELECT id FROM jobs WHERE ${ENDED} AND ${SETTLED} ORDER BY ended_at LIMIT ?`),
    deleteOps: db.prepare("DELETE FROM operations WHERE job_id = ?"),
    deleteEvents: db.prepare("DELETE FROM events WHERE job_id = ?"),
    deleteNotifications: db.prepare("DELETE FROM notifications WHERE job_id = ?"),
    deleteFailures: db.prepare("DELETE FROM failed_records WHERE job_id = ?"),
    deleteJob: db.prepare("DELETE FROM jobs WHERE id = ?"),
    // Object ids are GUIDs: compared without case, as Entra does.
    jobsOf: db.prepare("SELECT id, status FROM jobs WHERE lower(requested_by_oid) = lower(?)"),
    anonymiseJob: db.prepare(`UPDATE jobs SET requested_by_oid = ?, requested_by_name = ?,
      idempotency_key = NULL, request_hash = NULL, version = version + 1 WHERE id = ?`),
    eventsOf: db.prepare("SELECT seq, data FROM events WHERE job_id = ? ORDER BY seq"),
    rewriteEvent: db.prepare("UPDATE events SET data = ? WHERE seq = ?"),
    notificationsOf: db.prepare("SELECT id, payload FROM notifications WHERE job_id = ?"),
    rewriteNotification: db.prepare("UPDATE notifications SET payload = ? WHERE id = ?"),
    pauseSchedules: db.prepare(ERASE_RUN_AS("?")),
  };
  const count = (table: string, oldest: string) =>
    db.prepare(`SELECT COUNT(*) AS n, (${oldest}) AS oldest FROM ${table}`).get() as {
      n: number;
      oldest: number | null;
    };

  return {
    jobsWithEventsToCompact(endedBefore: number, limit: number): string[] {
      return (q.compactable.all(endedBefore, limit) as { id: string }[]).map((r) => r.id);
    },

    compactEvents(jobId: string, version: number, lastData: string): number | null {
      if (!q.jobAt.get(jobId, version)) return null;
      const events = q.eventsOf.all(jobId) as { seq: number }[];
      const last = events.pop();
      if (last) q.rewriteEvent.run(lastData, last.seq);
      for (const e of events) q.deleteEvent.run(e.seq);
      return events.length;
    },

    removeEndedJobs(endedBefore: number, limit: number): RemovedJobs {
      const removed: RemovedJobs = { jobs: 0, operations: 0, events: 0, notifications: 0 };
      for (const { id } of q.removable.all(endedBefore, limit) as { id: string }[]) {
        removed.operations += q.deleteOps.run(id).changes;
        removed.events += q.deleteEvents.run(id).changes;
        removed.notifications += q.deleteNotifications.run(id).changes;
        q.deleteFailures.run(id);
        removed.jobs += q.deleteJob.run(id).changes;
      }
      return removed;
    },

    erasePerson(objectId: string): StoreErasure {
      const schedulesPaused = (q.pauseSchedules.all(objectId) as { id: string }[]).map((r) => r.id);
      const erasure: StoreErasure = {
        jobIds: [],
        notificationsRewritten: 0,
        activeJobIds: [],
        schedulesPaused,
      };
      for (const { id, status } of q.jobsOf.all(objectId) as { id: string; status: string }[]) {
        if (!TERMINAL_JOB_STATUSES.includes(status as JobStatus)) {
          erasure.activeJobIds.push(id);
          continue;
        }
        q.anonymiseJob.run(ERASED_PERSON.objectId, ERASED_PERSON.name, id);
        erasure.jobIds.push(id);
        for (const n of q.notificationsOf.all(id) as { id: string; payload: string }[])
          erasure.notificationsRewritten += q.rewriteNotification.run(
            withoutRequester(n.payload),
            n.id,
          ).changes;
      }
      return erasure;
    },

    stats(): StoreStats {
      const size = (file: string) => {
        try {
          return statSync(file).size;
        } catch {
          return 0;
        }
      };
      const row = (table: string, oldest: string) => {
        const r = count(table, oldest);
        return { rows: r.n, oldest: r.oldest };
      };
      return {
        sizeBytes: path === ":memory:" ? null : size(path) + size(`${path}-wal`),
        tables: {
          jobs: row("jobs", "SELECT MIN(created_at) FROM jobs"),
          operations: row("operations", "SELECT MIN(created_at) FROM operations"),
          events: row(
            "events",
            "SELECT j.created_at FROM events e JOIN jobs j ON j.id = e.job_id ORDER BY e.seq LIMIT 1",
          ),
          notifications: row("notifications", "SELECT MIN(created_at) FROM notifications"),
        },
      };
    },
  };
}
