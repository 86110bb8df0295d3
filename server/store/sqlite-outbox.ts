import type Database from "better-sqlite3";
import {
  NOTIFICATION_COLUMNS,
  NOTIFICATION_KEYS,
  NOTIFICATION_OUTCOME_KEYS,
  notificationFromRow,
  type SqlRow,
} from "./notification-columns";
import type { NotificationQuery, NotificationRow, NotificationStatus } from "./store";

/** The notification outbox in SQLite: its table, and the store operations that touch only it. */

const SCHEMA = `
CREATE TABLE IF NOT EXISTS notifications (
  id TEXT PRIMARY KEY, job_id TEXT NOT NULL REFERENCES jobs (id), receiver TEXT NOT NULL,
  url TEXT NOT NULL, payload TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,
  created_at INTEGER NOT NULL, next_attempt_at INTEGER, claimed_until INTEGER,
  last_attempt_at INTEGER, last_status INTEGER, last_error TEXT, delivered_at INTEGER
);
CREATE INDEX IF NOT EXISTS notifications_pending ON notifications (next_attempt_at)
  WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS notifications_sending ON notifications (claimed_until)
  WHERE status = 'sending';
CREATE INDEX IF NOT EXISTS notifications_by_job ON notifications (job_id, created_at);
`;

const toParams = (n: NotificationRow) =>
  Object.fromEntries(NOTIFICATION_KEYS.map((k) => [NOTIFICATION_COLUMNS[k], n[k]]));

export function createSqliteOutbox(db: Database.Database) {
  // Databases made before the outbox lack the jobs column for a job's own receiver.
  const jobColumns = db.prepare("PRAGMA table_info(jobs)").all() as { name: string }[];
  if (!jobColumns.some((c) => c.name === "notify_url"))
    db.exec("ALTER TABLE jobs ADD COLUMN notify_url TEXT");
  db.exec(SCHEMA);

  const cols = Object.values(NOTIFICATION_COLUMNS);
  const outcome = NOTIFICATION_OUTCOME_KEYS.map((k) => NOTIFICATION_COLUMNS[k]);
  const q = {
    insert: db.prepare(
      `INSERT INTO notifications (${cols.join(", ")}) VALUES (${cols.map((c) => "@" + c).join(", ")})`,
    ),
    claim: db.prepare(`UPDATE notifications SET status = 'sending', claimed_until = @leaseUntil
      WHERE id IN (
        SELECT id FROM notifications WHERE status = 'pending' AND next_attempt_at <= @now
        UNION ALL
        SELECT id FROM notifications WHERE status = 'sending' AND claimed_until <= @now
        LIMIT @limit)
      RETURNING *`),
    update: db.prepare(`UPDATE notifications SET ${outcome.map((c) => `${c} = @${c}`).join(", ")}
      WHERE id = @id AND status = @expectedStatus AND claimed_until IS @expectedClaim`),
    get: db.prepare("SELECT * FROM notifications WHERE id = ?"),
    byStatus: db.prepare("SELECT status, COUNT(*) AS n FROM notifications GROUP BY status"),
  };

  return {
    /** Called inside the job's save transaction. */
    insert: (n: NotificationRow) => void q.insert.run(toParams(n)),
    claimNotifications: (now: number, leaseUntil: number, limit: number) =>
      (q.claim.all({ now, leaseUntil, limit }) as SqlRow[])
        .map(notificationFromRow)
        .sort((a, b) => (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0)),
    updateNotification: (
      n: NotificationRow,
      expected: { status: NotificationStatus; claimedUntil: number | null },
    ) =>
      // better-sqlite3 binds the named parameters the statement has and ignores the rest of the row.
      q.update.run({ ...toParams(n), expectedStatus: expected.status, expectedClaim: expected.claimedUntil })
        .changes === 1,
    getNotification: (id: string) => {
      const row = q.get.get(id) as SqlRow | undefined;
      return row && notificationFromRow(row);
    },
    listNotifications: (query: NotificationQuery) => {
      const filters: [string, unknown][] = [
        ["status = ?", query.status],
        ["job_id = ?", query.jobId],
        ["receiver = ?", query.receiver],
      ];
      const used = filters.filter(([, v]) => v !== undefined);
      const where = used.length ? "WHERE " + used.map(([c]) => c).join(" AND ") : "";
      const sql = `SELECT * FROM notifications ${where} ORDER BY created_at DESC, id DESC LIMIT ?`;
      return (db.prepare(sql).all(...used.map(([, v]) => v), query.limit) as SqlRow[]).map(
        notificationFromRow,
      );
    },
    countNotificationsByStatus: () =>
      Object.fromEntries(
        (q.byStatus.all() as SqlRow[]).map((r) => [r.status as string, r.n as number]),
      ) as Partial<Record<NotificationStatus, number>>,
  };
}
