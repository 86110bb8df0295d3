import type { NotificationRow } from "./store";

/** The outbox's columns, the same in SQLite and PostgreSQL, and the mapping to and from its rows. */

export type SqlRow = Record<string, unknown>;

export const NOTIFICATION_COLUMNS = {
  id: "id",
  jobId: "job_id",
  receiver: "receiver",
  url: "url",
  payload: "payload",
  status: "status",
  attempts: "attempts",
  createdAt: "created_at",
  nextAttemptAt: "next_attempt_at",
  claimedUntil: "claimed_until",
  lastAttemptAt: "last_attempt_at",
  lastStatus: "last_status",
  lastError: "last_error",
  deliveredAt: "delivered_at",
} as const satisfies Record<keyof NotificationRow, string>;

export const NOTIFICATION_KEYS = Object.keys(NOTIFICATION_COLUMNS) as (keyof NotificationRow)[];

/**
 * What an attempt's outcome or a redelivery changes. `updateNotification` writes only these: the
 * receiver, url and payload stay as stored, since an erasure may rewrite the payload while the
 * row is out with a deliverer that holds the old copy.
 */
export const NOTIFICATION_OUTCOME_KEYS = [
  "status",
  "attempts",
  "nextAttemptAt",
  "claimedUntil",
  "lastAttemptAt",
  "lastStatus",
  "lastError",
  "deliveredAt",
] as const satisfies readonly (keyof NotificationRow)[];

export const notificationFromRow = (r: SqlRow) =>
  Object.fromEntries(
    NOTIFICATION_KEYS.map((k) => [k, r[NOTIFICATION_COLUMNS[k]]]),
  ) as unknown as NotificationRow;
