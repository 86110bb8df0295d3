/** The companion API's job resource, exactly as GET /api/jobs/{id} and the SSE `job` event carry it (`change` events: job-change.ts). */
export type JobStatus = "queued" | "running" | "canceling" | "succeeded" | "failed" | "canceled";

export interface JobProgress {
  synced: number;
  failed: number;
  total: number | null;
  batches: number;
}

export interface JobOperation {
  batch: number;
  backgroundOperationId: string | null;
  stateCode: number;
  statusCode: number;
  retryCount: number;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  /** The plug-in's own report while the run goes on (records done in this run); absent from older APIs. */
  progress?: { done: number; total: number | null } | null;
}

/** The failed records the plug-in named, read at `links.failures`. */
export interface JobFailedRecords {
  listed: number;
  dropped: number;
  /** Whether "Retry failed records" can run exactly the records that failed. */
  retryable: boolean;
}

export interface FailedRecord {
  id: string;
  name: string | null;
  reason: string;
}

export interface JobError {
  code: string;
  message: string;
  batch: number | null;
}

export interface Job {
  id: string;
  customApi: string;
  parameters: Record<string, unknown>;
  target: { entity: string; id: string };
  requestedBy: { objectId: string; name: string };
  status: JobStatus;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  /** How long it stood failed or canceled before being resumed: not run time. Absent from older APIs. */
  pausedMs?: number;
  progress: JobProgress;
  operations: JobOperation[];
  error: JobError | null;
  /** The schedule this job is a run of; null for one a person started. */
  scheduleId: string | null;
  /** Absent from APIs older than failed-record lists. */
  failedRecords?: JobFailedRecords;
  links: { self: string; events: string; failures?: string };
}

const TERMINAL: ReadonlySet<JobStatus> = new Set<JobStatus>(["succeeded", "failed", "canceled"]);

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL.has(status);
}

/**
 * Where the job's run time counts from: its start, moved on by the time it stood failed or canceled
 * before its resumes, so that time is left out of Elapsed and of its duration alike.
 */
export function runStart(job: Job): number {
  return Date.parse(job.startedAt ?? job.createdAt) + (job.pausedMs ?? 0);
}

/** Resuming is worth offering once some records went through; the API refuses (409) what it cannot resume. */
export function canResume(job: Job): boolean {
  return (job.status === "failed" || job.status === "canceled") && job.progress.synced > 0;
}

/**
 * A job that ended `succeeded` while some records failed: the API keeps the status (and the
 * job.completed schema) unchanged, and the control tells it apart as "Completed with errors".
 */
export function completedWithErrors(job: Job): boolean {
  return job.status === "succeeded" && job.progress.failed > 0;
}

/**
 * Offered after a job that completed with errors. After a failure or a cancel, Resume (or Retry) is
 * the one way on (issue 14, item 8); the API would allow it there too.
 */
export function canRetryFailed(job: Job): boolean {
  return job.status === "succeeded" && job.failedRecords?.retryable === true;
}

export function canCancel(job: Job): boolean {
  return job.status === "queued" || job.status === "running";
}
