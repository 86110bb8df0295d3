import type pg from "pg";

/**
 * The PostgreSQL schema as numbered migrations. Booleans are SMALLINT 0/1 and times BIGINT
 * milliseconds, as in SQLite, so both stores share the row mapping (sqlite-rows.ts).
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE jobs (
    id TEXT PRIMARY KEY, custom_api TEXT NOT NULL, parameters TEXT NOT NULL,
    target_entity TEXT NOT NULL, target_id TEXT NOT NULL,
    requested_by_oid TEXT NOT NULL, requested_by_name TEXT NOT NULL,
    status TEXT NOT NULL, created_at BIGINT NOT NULL, started_at BIGINT, ended_at BIGINT,
    synced INTEGER NOT NULL, failed INTEGER NOT NULL, total INTEGER, batches INTEGER NOT NULL,
    error TEXT, chained SMALLINT NOT NULL, cursor TEXT,
    idempotency_key TEXT, request_hash TEXT, version INTEGER NOT NULL, notify_url TEXT,
    concurrent SMALLINT NOT NULL DEFAULT 0
  );
  CREATE INDEX jobs_by_target ON jobs (target_entity, target_id, created_at DESC, id DESC);
  CREATE INDEX jobs_by_owner ON jobs (requested_by_oid, created_at DESC, id DESC);
  CREATE UNIQUE INDEX jobs_idempotency ON jobs (requested_by_oid, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
  CREATE UNIQUE INDEX jobs_one_active ON jobs (target_entity, lower(target_id), custom_api)
    WHERE status IN ('queued', 'running', 'canceling') AND concurrent = 0;
  CREATE TABLE operations (
    id TEXT PRIMARY KEY, job_id TEXT NOT NULL REFERENCES jobs (id), batch INTEGER NOT NULL,
    cursor TEXT, background_operation_id TEXT, state_code INTEGER NOT NULL,
    status_code INTEGER NOT NULL, retry_count INTEGER NOT NULL, created_at BIGINT NOT NULL,
    started_at BIGINT, ended_at BIGINT, next_check_at BIGINT, checks INTEGER NOT NULL,
    UNIQUE (job_id, batch)
  );
  CREATE INDEX operations_due ON operations (next_check_at) WHERE next_check_at IS NOT NULL;
  CREATE TABLE events (
    seq BIGSERIAL PRIMARY KEY, job_id TEXT NOT NULL, data TEXT NOT NULL, terminal SMALLINT NOT NULL
  );
  CREATE INDEX events_by_job ON events (job_id, seq);
  CREATE TABLE notifications (
    id TEXT PRIMARY KEY, job_id TEXT NOT NULL REFERENCES jobs (id), receiver TEXT NOT NULL,
    url TEXT NOT NULL, payload TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,
    created_at BIGINT NOT NULL, next_attempt_at BIGINT, claimed_until BIGINT,
    last_attempt_at BIGINT, last_status INTEGER, last_error TEXT, delivered_at BIGINT
  );
  CREATE INDEX notifications_pending ON notifications (next_attempt_at) WHERE status = 'pending';
  CREATE INDEX notifications_sending ON notifications (claimed_until) WHERE status = 'sending';
  CREATE INDEX notifications_by_job ON notifications (job_id, created_at);`,
  // What several instances share instead of keeping it in memory (coordination/pg-*.ts).
  `CREATE TABLE poll_reads (
    operation_id TEXT PRIMARY KEY, read_at BIGINT NOT NULL, end_claimed SMALLINT NOT NULL DEFAULT 0
  );
  CREATE TABLE rate_buckets (
    key TEXT PRIMARY KEY, tokens DOUBLE PRECISION NOT NULL, at BIGINT NOT NULL, granted SMALLINT NOT NULL
  );`,
  // Retention (lifecycle.ts) finds ended jobs by their end; adopting a start, an operation by Dataverse's id.
  `CREATE INDEX jobs_ended ON jobs (ended_at) WHERE ended_at IS NOT NULL;
  CREATE INDEX operations_by_background_id ON operations (background_operation_id)
    WHERE background_operation_id IS NOT NULL;`,
  // In-batch progress reported by the plug-in, and the records batches failed (issue 14).
  `ALTER TABLE jobs ADD COLUMN takes_progress_url SMALLINT NOT NULL DEFAULT 0;
  ALTER TABLE jobs ADD COLUMN failures_listed INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE jobs ADD COLUMN failures_dropped INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE operations ADD COLUMN progress_done INTEGER;
  ALTER TABLE operations ADD COLUMN progress_total INTEGER;
  CREATE TABLE failed_records (
    job_id TEXT NOT NULL REFERENCES jobs (id), position INTEGER NOT NULL, record_id TEXT NOT NULL,
    name TEXT, reason TEXT NOT NULL, PRIMARY KEY (job_id, position)
  );`,
  // Scheduled syncs (schedules/): the schedules, what each due time led to, and which jobs they started.
  `ALTER TABLE jobs ADD COLUMN schedule_id TEXT;
  CREATE TABLE schedules (
    id TEXT PRIMARY KEY, custom_api TEXT NOT NULL, parameters TEXT NOT NULL,
    target_entity TEXT NOT NULL, target_id TEXT, cron TEXT NOT NULL, time_zone TEXT NOT NULL,
    run_as_oid TEXT, run_as_name TEXT NOT NULL, enabled SMALLINT NOT NULL, next_run_at BIGINT,
    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, version INTEGER NOT NULL
  );
  CREATE INDEX schedules_due ON schedules (next_run_at) WHERE enabled = 1;
  CREATE INDEX schedules_by_target ON schedules (target_entity, created_at);
  CREATE TABLE schedule_runs (
    id TEXT PRIMARY KEY, schedule_id TEXT NOT NULL, due_at BIGINT, at BIGINT NOT NULL,
    outcome TEXT NOT NULL, job_id TEXT, last_success BIGINT, reason TEXT
  );
  CREATE INDEX schedule_runs_by_schedule ON schedule_runs (schedule_id, at DESC, id DESC);
  CREATE INDEX jobs_by_schedule ON jobs (schedule_id, created_at DESC, id DESC)
    WHERE schedule_id IS NOT NULL;`,
  // How long a job stood ended before its resumes (JobRow.pausedMs).
  `ALTER TABLE jobs ADD COLUMN paused_ms BIGINT NOT NULL DEFAULT 0;`,
];

/**
 * Brings the schema up to date. Instances starting at the same moment take turns on a transaction
 * advisory lock (per schema), so each migration runs exactly once and none sees a half-made schema.
 */
export async function migrate(client: pg.ClientBase, schema: string): Promise<void> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`bgsync:migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${client.escapeIdentifier(schema)}`);
    await client.query(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    );
    const { rows } = await client.query<{ v: number | null }>(
      "SELECT max(version) AS v FROM schema_migrations",
    );
    for (let v = (rows[0]?.v ?? 0) + 1; v <= MIGRATIONS.length; v++) {
      await client.query(MIGRATIONS[v - 1]!);
      await client.query("INSERT INTO schema_migrations (version) VALUES ($1)", [v]);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
