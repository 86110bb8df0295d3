/** The SQLite store's tables, the columns added since the first release, and its indexes. */

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY, custom_api TEXT NOT NULL, parameters TEXT NOT NULL,
  target_entity TEXT NOT NULL, target_id TEXT NOT NULL,
  requested_by_oid TEXT NOT NULL, requested_by_name TEXT NOT NULL,
  status TEXT NOT NULL, created_at INTEGER NOT NULL, started_at INTEGER, ended_at INTEGER,
  synced INTEGER NOT NULL, failed INTEGER NOT NULL, total INTEGER, batches INTEGER NOT NULL,
  error TEXT, chained INTEGER NOT NULL, cursor TEXT,
  idempotency_key TEXT, request_hash TEXT, version INTEGER NOT NULL, notify_url TEXT
);
CREATE INDEX IF NOT EXISTS jobs_by_target ON jobs (target_entity, target_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS jobs_by_owner ON jobs (requested_by_oid, created_at DESC, id DESC);
CREATE UNIQUE INDEX IF NOT EXISTS jobs_idempotency ON jobs (requested_by_oid, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE TABLE IF NOT EXISTS operations (
  id TEXT PRIMARY KEY, job_id TEXT NOT NULL REFERENCES jobs (id), batch INTEGER NOT NULL, cursor TEXT,
  background_operation_id TEXT, state_code INTEGER NOT NULL, status_code INTEGER NOT NULL,
  retry_count INTEGER NOT NULL, created_at INTEGER NOT NULL, started_at INTEGER, ended_at INTEGER,
  next_check_at INTEGER, checks INTEGER NOT NULL,
  UNIQUE (job_id, batch)
);
CREATE INDEX IF NOT EXISTS operations_due ON operations (next_check_at) WHERE next_check_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS operations_by_background_id ON operations (background_operation_id)
  WHERE background_operation_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, job_id TEXT NOT NULL, data TEXT NOT NULL, terminal INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_job ON events (job_id, seq);
`;

/** Added after the first release: stores created before it get the column by ALTER TABLE. */
export const ADD_CONCURRENT = "ALTER TABLE jobs ADD COLUMN concurrent INTEGER NOT NULL DEFAULT 0";

/**
 * Added with in-batch progress and failed records (issue 14): columns by ALTER TABLE when missing
 * (sqlite-store.ts), the list in its own table so a job's saves never rewrite it.
 */
export const ADDED_COLUMNS: readonly [table: string, column: string, ddl: string][] = [
  ["jobs", "takes_progress_url", "INTEGER NOT NULL DEFAULT 0"],
  ["jobs", "failures_listed", "INTEGER NOT NULL DEFAULT 0"],
  ["jobs", "failures_dropped", "INTEGER NOT NULL DEFAULT 0"],
  ["operations", "progress_done", "INTEGER"],
  ["operations", "progress_total", "INTEGER"],
  // How long a job stood ended before its resumes (JobRow.pausedMs).
  ["jobs", "paused_ms", "INTEGER NOT NULL DEFAULT 0"],
];
export const FAILED_RECORDS = `
CREATE TABLE IF NOT EXISTS failed_records (
  job_id TEXT NOT NULL REFERENCES jobs (id), position INTEGER NOT NULL, record_id TEXT NOT NULL,
  name TEXT, reason TEXT NOT NULL, PRIMARY KEY (job_id, position)
);
`;

/** The store-level guarantee of one active job per target and Custom API (store.ts). */
export const ONE_ACTIVE_JOB = `
CREATE UNIQUE INDEX IF NOT EXISTS jobs_one_active ON jobs (target_entity, lower(target_id), custom_api)
  WHERE status IN ('queued', 'running', 'canceling') AND concurrent = 0;
`;
export const ACTIVE_JOB_SQL = `SELECT id FROM jobs WHERE target_entity = ? AND lower(target_id) = lower(?)
  AND custom_api = ? AND status IN ('queued', 'running', 'canceling') AND concurrent = 0 AND id <> ?`;
