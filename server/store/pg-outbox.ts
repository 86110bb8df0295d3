import type pg from "pg";
import {
  NOTIFICATION_COLUMNS,
  NOTIFICATION_KEYS,
  NOTIFICATION_OUTCOME_KEYS,
  notificationFromRow,
  type SqlRow,
} from "./notification-columns";
import type { NotificationQuery, NotificationRow, NotificationStatus } from "./store";

/** The notification outbox on PostgreSQL: the statements that touch only the notifications table. */

const COLS = NOTIFICATION_KEYS.map((k) => NOTIFICATION_COLUMNS[k]);
const values = (n: NotificationRow) => NOTIFICATION_KEYS.map((k) => n[k]);

const INSERT = `INSERT INTO notifications (${COLS.join(", ")}) VALUES (${COLS.map((_, i) => `$${i + 1}`).join(", ")})`;
// SKIP LOCKED: deliverers on several instances claim disjoint rows without waiting on each other.
const CLAIM = `UPDATE notifications SET status = 'sending', claimed_until = $2
  WHERE id IN (SELECT id FROM notifications
    WHERE (status = 'pending' AND next_attempt_at <= $1) OR (status = 'sending' AND claimed_until <= $1)
    LIMIT $3 FOR UPDATE SKIP LOCKED)
  RETURNING *`;
const OUTCOME = NOTIFICATION_OUTCOME_KEYS.map((k) => NOTIFICATION_COLUMNS[k]);
const UPDATE = `UPDATE notifications SET ${OUTCOME.map((c, i) => `${c} = $${i + 2}`).join(", ")}
  WHERE id = $1 AND status = $${OUTCOME.length + 2} AND claimed_until IS NOT DISTINCT FROM $${OUTCOME.length + 3}`;

type Query = (sql: string, params?: unknown[]) => Promise<SqlRow[]>;

export const pgOutbox = {
  /** Called inside the job's save transaction. */
  insert: (client: pg.ClientBase, n: NotificationRow) => client.query(INSERT, values(n)),
  claim: async (client: pg.ClientBase, now: number, leaseUntil: number, limit: number) =>
    (await client.query(CLAIM, [now, leaseUntil, limit])).rows
      .map(notificationFromRow)
      .sort((a, b) => (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0)),
  update: async (
    client: pg.ClientBase,
    n: NotificationRow,
    expected: { status: NotificationStatus; claimedUntil: number | null },
  ) => {
    const outcome = NOTIFICATION_OUTCOME_KEYS.map((k) => n[k]);
    const params = [n.id, ...outcome, expected.status, expected.claimedUntil];
    return (await client.query(UPDATE, params)).rowCount === 1;
  },
  get: async (query: Query, id: string) => {
    const [row] = await query("SELECT * FROM notifications WHERE id = $1", [id]);
    return row && notificationFromRow(row);
  },
  list: async (query: Query, q: NotificationQuery) => {
    const filters: [string, unknown][] = [
      ["status", q.status],
      ["job_id", q.jobId],
      ["receiver", q.receiver],
    ];
    const used = filters.filter(([, v]) => v !== undefined);
    const where = used.length ? "WHERE " + used.map(([c], i) => `${c} = $${i + 1}`).join(" AND ") : "";
    const sql = `SELECT * FROM notifications ${where} ORDER BY created_at DESC, id DESC LIMIT $${used.length + 1}`;
    return (await query(sql, [...used.map(([, v]) => v), q.limit])).map(notificationFromRow);
  },
  countByStatus: async (query: Query) =>
    Object.fromEntries(
      (await query("SELECT status, COUNT(*) AS n FROM notifications GROUP BY status")).map((r) => [
        r.status as string,
        r.n as number,
      ]),
    ) as Partial<Record<NotificationStatus, number>>,
};
