import type { FailedRecordRow, JobRow, OperationRow, StoredEvent } from "./store";

/**
 * The mapping between table rows and the store's types, and the column lists saves write. Both stores
 * use it: PostgreSQL's tables have the same columns (pg-schema.ts).
 */

export type SqlRow = Record<string, unknown>;

const num = (v: unknown) => v as number;
const numOrNull = (v: unknown) => (v === null ? null : (v as number));
const strOrNull = (v: unknown) => (v === null ? null : (v as string));

export function jobFromRow(r: SqlRow): JobRow {
  return {
    id: r.id as string,
    customApi: r.custom_api as string,
    parameters: JSON.parse(r.parameters as string) as Record<string, unknown>,
    targetEntity: r.target_entity as string,
    targetId: r.target_id as string,
    requestedByOid: r.requested_by_oid as string,
    requestedByName: r.requested_by_name as string,
    status: r.status as JobRow["status"],
    createdAt: num(r.created_at),
    startedAt: numOrNull(r.started_at),
    endedAt: numOrNull(r.ended_at),
    synced: num(r.synced),
    failed: num(r.failed),
    total: numOrNull(r.total),
    batches: num(r.batches),
    error: r.error === null ? null : (JSON.parse(r.error as string) as JobRow["error"]),
    chained: r.chained === 1,
    cursor: strOrNull(r.cursor),
    idempotencyKey: strOrNull(r.idempotency_key),
    requestHash: strOrNull(r.request_hash),
    notifyUrl: strOrNull(r.notify_url ?? null),
    concurrent: r.concurrent === 1,
    scheduleId: strOrNull(r.schedule_id ?? null),
    takesProgressUrl: r.takes_progress_url === 1,
    failuresListed: num(r.failures_listed ?? 0),
    failuresDropped: num(r.failures_dropped ?? 0),
    pausedMs: num(r.paused_ms ?? 0),
    version: num(r.version),
  };
}

/**
 * The columns a save may change once a job exists. The others (what was asked, for whom, on which
 * record, when) are written when it is created and never again by a save, so an existing job's
 * save rewrites no index built on them (owner, target, idempotency key).
 */
export const JOB_CHANGING_COLUMNS = [
  "status",
  "started_at",
  "ended_at",
  "synced",
  "failed",
  "total",
  "batches",
  "error",
  "cursor",
  "failures_listed",
  "failures_dropped",
  "paused_ms",
  "version",
] as const;

export function jobChangingParams(j: JobRow): Record<(typeof JOB_CHANGING_COLUMNS)[number], unknown> {
  return {
    status: j.status,
    started_at: j.startedAt,
    ended_at: j.endedAt,
    synced: j.synced,
    failed: j.failed,
    total: j.total,
    batches: j.batches,
    error: j.error === null ? null : JSON.stringify(j.error),
    cursor: j.cursor,
    failures_listed: j.failuresListed,
    failures_dropped: j.failuresDropped,
    paused_ms: j.pausedMs,
    version: j.version,
  };
}

/** What a job's creation alone writes. */
const JOB_IDENTITY_COLUMNS = [
  "id",
  "custom_api",
  "parameters",
  "target_entity",
  "target_id",
  "requested_by_oid",
  "requested_by_name",
  "created_at",
  "chained",
  "idempotency_key",
  "request_hash",
  "notify_url",
  "concurrent",
  "schedule_id",
  "takes_progress_url",
] as const;
export const JOB_COLUMNS = [...JOB_IDENTITY_COLUMNS, ...JOB_CHANGING_COLUMNS];

export function jobToParams(j: JobRow): Record<(typeof JOB_COLUMNS)[number], unknown> {
  return {
    id: j.id,
    custom_api: j.customApi,
    parameters: JSON.stringify(j.parameters),
    target_entity: j.targetEntity,
    target_id: j.targetId,
    requested_by_oid: j.requestedByOid,
    requested_by_name: j.requestedByName,
    created_at: j.createdAt,
    chained: j.chained ? 1 : 0,
    idempotency_key: j.idempotencyKey,
    request_hash: j.requestHash,
    notify_url: j.notifyUrl,
    concurrent: j.concurrent ? 1 : 0,
    schedule_id: j.scheduleId,
    takes_progress_url: j.takesProgressUrl ? 1 : 0,
    ...jobChangingParams(j),
  };
}

export function operationFromRow(r: SqlRow): OperationRow {
  return {
    id: r.id as string,
    jobId: r.job_id as string,
    batch: num(r.batch),
    cursor: strOrNull(r.cursor),
    backgroundOperationId: strOrNull(r.background_operation_id),
    stateCode: num(r.state_code),
    statusCode: num(r.status_code),
    retryCount: num(r.retry_count),
    createdAt: num(r.created_at),
    startedAt: numOrNull(r.started_at),
    endedAt: numOrNull(r.ended_at),
    nextCheckAt: numOrNull(r.next_check_at),
    checks: num(r.checks),
    progressDone: numOrNull(r.progress_done ?? null),
    progressTotal: numOrNull(r.progress_total ?? null),
  };
}

/** As for jobs: which batch an operation is, and where it starts, never change once it exists. */
export const OPERATION_CHANGING_COLUMNS = [
  "background_operation_id",
  "state_code",
  "status_code",
  "retry_count",
  "started_at",
  "ended_at",
  "next_check_at",
  "checks",
  "progress_done",
  "progress_total",
] as const;

export const OPERATION_COLUMNS = [
  "id",
  "job_id",
  "batch",
  "cursor",
  "created_at",
  ...OPERATION_CHANGING_COLUMNS,
] as const;

export function operationToParams(o: OperationRow): Record<(typeof OPERATION_COLUMNS)[number], unknown> {
  return {
    id: o.id,
    job_id: o.jobId,
    batch: o.batch,
    cursor: o.cursor,
    created_at: o.createdAt,
    background_operation_id: o.backgroundOperationId,
    state_code: o.stateCode,
    status_code: o.statusCode,
    retry_count: o.retryCount,
    started_at: o.startedAt,
    ended_at: o.endedAt,
    next_check_at: o.nextCheckAt,
    checks: o.checks,
    progress_done: o.progressDone,
    progress_total: o.progressTotal,
  };
}

/**
 * An operation with its job in one query, one round trip on PostgreSQL: the operation's columns as
 * they are, the job's under a "job." prefix, since the two tables share column names.
 */
export const operationWithJobSql = (param: string) =>
  `SELECT o.*, ${JOB_COLUMNS.map((c) => `j.${c} AS "job.${c}"`).join(", ")}
  FROM operations o JOIN jobs j ON j.id = o.job_id WHERE o.id = ${param}`;

export function operationWithJobFromRow(r: SqlRow): { operation: OperationRow; job: JobRow } {
  const job: SqlRow = {};
  for (const c of JOB_COLUMNS) job[c] = r[`job.${c}`];
  return { operation: operationFromRow(r), job: jobFromRow(job) };
}

export function failedRecordFromRow(r: SqlRow): FailedRecordRow {
  return {
    jobId: r.job_id as string,
    position: num(r.position),
    recordId: r.record_id as string,
    name: strOrNull(r.name),
    reason: r.reason as string,
  };
}

export const FAILED_RECORD_COLUMNS = ["job_id", "position", "record_id", "name", "reason"] as const;

export const failedRecordToParams = (
  f: FailedRecordRow,
): Record<(typeof FAILED_RECORD_COLUMNS)[number], unknown> => ({
  job_id: f.jobId,
  position: f.position,
  record_id: f.recordId,
  name: f.name,
  reason: f.reason,
});

export function eventFromRow(r: SqlRow): StoredEvent {
  return { seq: num(r.seq), jobId: r.job_id as string, data: r.data as string, terminal: r.terminal === 1 };
}

/** `INSERT` of the given columns, as named parameters. */
export const insertSql = (table: string, cols: readonly string[]) =>
  `INSERT INTO ${table} (${cols.join(", ")}) VALUES (${cols.map((c) => "@" + c).join(", ")})`;

/** `UPDATE` of the given columns of the row `@id`, as named parameters. */
export const updateSql = (table: string, cols: readonly string[]) =>
  `UPDATE ${table} SET ${cols.map((c) => `${c} = @${c}`).join(", ")} WHERE id = @id`;
