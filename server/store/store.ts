import type { ScheduleStore } from "../schedules/schedule";
import type { StoreLifecycle } from "./lifecycle";

/**
 * Persistence contract for jobs, their operations and their events. Async so that the PostgreSQL
 * store (pg-store.ts) fits behind it as the SQLite one does. A `save` resolves only once the change is durable.
 */

export type JobStatus = "queued" | "running" | "canceling" | "succeeded" | "failed" | "canceled";
export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = ["succeeded", "failed", "canceled"];

export interface JobError {
  code: string;
  message: string;
  batch: number | null;
}

export interface JobRow {
  id: string;
  customApi: string;
  parameters: Record<string, unknown>;
  targetEntity: string;
  targetId: string;
  requestedByOid: string;
  requestedByName: string;
  status: JobStatus;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  synced: number;
  failed: number;
  total: number | null;
  batches: number;
  error: JobError | null;
  /** Whether the Custom API takes part in chaining (accepts `Cursor`, returns `NextCursor`). */
  chained: boolean;
  /** Where the next batch starts: the last `NextCursor` received, or null before the first batch ends. */
  cursor: string | null;
  idempotencyKey: string | null;
  requestHash: string | null;
  /** Where to notify when the job ends, besides the configured receivers (`notifyUrl` in the request). */
  notifyUrl: string | null;
  /** Started with `allowConcurrent` where the configuration allows it: exempt from one-active-job. */
  concurrent: boolean;
  /** The schedule that started this job (a scheduled run), null for one a person started. */
  scheduleId: string | null;
  /** Whether the Custom API declares a `ProgressUrl` input: each batch then gets one (launch.ts). */
  takesProgressUrl: boolean;
  /** Failed records kept for this job (`failedRecords`), at most MAX_FAILED_RECORDS. */
  failuresListed: number;
  /** Failed records the plug-in named once the list was full: counted, not kept. */
  failuresDropped: number;
  /**
   * How long the job stood failed or canceled before being resumed, summed over its resumes: its
   * run time is its span less this.
   */
  pausedMs: number;
  /** Optimistic concurrency: a save must name the version it read. */
  version: number;
}

export interface OperationRow {
  /** Our id; the callback URL names it, so a callback can arrive before Dataverse's id is known. */
  id: string;
  jobId: string;
  batch: number;
  cursor: string | null;
  backgroundOperationId: string | null;
  stateCode: number;
  statusCode: number;
  retryCount: number;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  /** When the reconciler should next look at this operation; null once it is terminal. */
  nextCheckAt: number | null;
  checks: number;
  /**
   * What the plug-in last reported on the progress URL while this run went on: records done in the
   * run so far (never lower than before) and the records in the whole sync when it said. Null until
   * it reports; a plug-in that ignores the progress URL never does.
   */
  progressDone: number | null;
  progressTotal: number | null;
}

/** A record a batch reported as failed (its `FailedRecords` output), kept in arrival order. */
export interface FailedRecordRow {
  jobId: string;
  /** 0-based place in the job's list; the list never holds more than MAX_FAILED_RECORDS. */
  position: number;
  recordId: string;
  name: string | null;
  reason: string;
}

/** How many failed records a job keeps: enough to retry or read, bounded for the store. */
export const MAX_FAILED_RECORDS = 500;

export interface StoredEvent {
  seq: number;
  jobId: string;
  /** The job's JSON after the change, serialized once and sent as is to every viewer. */
  data: string;
  terminal: boolean;
}

/**
 * Once a job exists, a save writes only what a job's life changes: status, times, counts, batches,
 * error, cursor, failure counts and the version. What the job is (Custom API, parameters, target,
 * requester, creation time, idempotency key and hash, notifyUrl, concurrent, schedule,
 * takesProgressUrl, chained) is written when it is created; likewise an operation's job, batch,
 * cursor and creation time. No caller changes those, and leaving them out spares the indexes on them.
 */
export interface JobChange {
  job: JobRow;
  /** The version `job` was read at; 0 for a new job. */
  expectedVersion: number;
  operations?: OperationRow[];
  event?: { data: string; terminal: boolean };
  /** Outbox rows to insert with the job: written in the same transaction, or not at all. */
  notifications?: NotificationRow[];
  /** Failed records to add to the job's list, in the same transaction as the counts that name them. */
  failures?: FailedRecordRow[];
}

/**
 * One event for one receiver (the outbox). `pending` rows wait for `nextAttemptAt`; a deliverer
 * claims a row (`sending`, leased until `claimedUntil`) before it sends and records the outcome
 * after; a lease that runs out (the API died mid-send) makes the row due again, with the same id.
 */
export type NotificationStatus = "pending" | "sending" | "delivered" | "gone" | "dead";

export interface NotificationRow {
  /** The Standard Webhooks `webhook-id`: the same on every attempt, so receivers can dedupe. */
  id: string;
  jobId: string;
  /** A configured receiver's name, or "notifyUrl" for the job's own. */
  receiver: string;
  url: string;
  /** The exact body sent on every attempt. */
  payload: string;
  status: NotificationStatus;
  attempts: number;
  createdAt: number;
  nextAttemptAt: number | null;
  claimedUntil: number | null;
  lastAttemptAt: number | null;
  /** The receiver's HTTP status on the last attempt, null when none came back. */
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: number | null;
}

export interface NotificationQuery {
  status?: NotificationStatus;
  jobId?: string;
  receiver?: string;
  limit: number;
}

export interface JobQuery {
  targetEntity?: string;
  targetId?: string;
  requestedByOid?: string;
  scheduleId?: string;
  status?: JobStatus;
  limit: number;
  /** Keyset cursor: jobs strictly older than this one. */
  before?: { createdAt: number; id: string };
}

export class VersionConflictError extends Error {
  constructor(jobId: string) {
    super(`job ${jobId} was changed concurrently`);
    this.name = "VersionConflictError";
  }
}

/** The statuses in which a job is active: at most one such job per target and Custom API. */
export const ACTIVE_JOB_STATUSES: readonly JobStatus[] = ["queued", "running", "canceling"];

/**
 * A save would make a second active job for the same target record (entity, id compared without
 * case) and Custom API; `activeJobId` names the one already active.
 */
export class ActiveJobConflictError extends Error {
  constructor(readonly activeJobId: string) {
    super(`job ${activeJobId} is already active for this record and Custom API`);
    this.name = "ActiveJobConflictError";
  }
}

/**
 * Guarantees every implementation keeps, whatever the concurrency between callers and instances:
 * - `save` is atomic and checks `expectedVersion` (VersionConflictError).
 * - One active job per target: a `save` that would leave two non-`concurrent` jobs in an
 *   ACTIVE_JOB_STATUSES status with the same (targetEntity, lower(targetId), customApi) rejects
 *   with ActiveJobConflictError and changes nothing. It must be enforced by the database (SQLite: a
 *   unique partial index; PostgreSQL: the same index), never by a read-then-write in the caller.
 * - `claimScheduleRun` is a compare-and-set on a schedule's next_run_at in one statement: of any
 *   number of concurrent claims of one due time, across instances, exactly one resolves true.
 */
export interface Store extends StoreLifecycle, ScheduleStore {
  getJob(id: string): Promise<JobRow | undefined>;
  findJobByIdempotencyKey(requestedByOid: string, key: string): Promise<JobRow | undefined>;
  listJobs(query: JobQuery): Promise<JobRow[]>;
  getOperation(id: string): Promise<OperationRow | undefined>;
  /** The operation and its job as one read (one query), for the engine's read under the job's lock. */
  getOperationWithJob(id: string): Promise<{ operation: OperationRow; job: JobRow } | undefined>;
  listOperations(jobId: string): Promise<OperationRow[]>;
  /** The operation that adopted this Dataverse background operation, if any did. */
  operationByBackgroundId(backgroundOperationId: string): Promise<OperationRow | undefined>;
  /** Non-terminal operations whose check time has come, oldest first. */
  dueOperations(now: number, limit: number): Promise<OperationRow[]>;
  /** Writes the job, its operations and the event atomically; resolves with the event's seq once durable. */
  save(change: JobChange): Promise<{ seq: number | null }>;
  eventsAfter(jobId: string, afterSeq: number): Promise<StoredEvent[]>;
  /** The job's failed records in the order they were reported. */
  listFailures(jobId: string): Promise<FailedRecordRow[]>;
  latestEvent(jobId: string): Promise<StoredEvent | undefined>;
  countJobsByStatus(): Promise<Partial<Record<JobStatus, number>>>;

  // The notification outbox. Rows are only ever inserted through `save` (with the job's change).
  /**
   * Atomically claims up to `limit` rows that are due at `now` (pending with `nextAttemptAt <= now`,
   * or sending with `claimedUntil <= now`), oldest due first, marking them `sending` until
   * `leaseUntil`. Two deliverers (two API instances) never claim the same row.
   */
  claimNotifications(now: number, leaseUntil: number, limit: number): Promise<NotificationRow[]>;
  /**
   * Compare-and-set: writes `row`'s outcome (status, attempts, times, last status and error, lease)
   * only if the stored row still has `expected.status` and `expected.claimedUntil` (the lease a
   * deliverer holds); resolves whether it did, once durable. Its payload, url and receiver are never
   * written back: an erasure may have rewritten the payload meanwhile.
   */
  updateNotification(
    row: NotificationRow,
    expected: { status: NotificationStatus; claimedUntil: number | null },
  ): Promise<boolean>;
  getNotification(id: string): Promise<NotificationRow | undefined>;
  /** Newest first. */
  listNotifications(query: NotificationQuery): Promise<NotificationRow[]>;
  countNotificationsByStatus(): Promise<Partial<Record<NotificationStatus, number>>>;

  ping(): Promise<void>;
  close(): Promise<void>;
}
