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
  progress: JobProgress;
  operations: JobOperation[];
  error: JobError | null;
  /** The schedule this job is a run of; null for one a person started. */
  scheduleId: string | null;
  links: { self: string; events: string };
}

const TERMINAL: ReadonlySet<JobStatus> = new Set<JobStatus>(["succeeded", "failed", "canceled"]);

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL.has(status);
}

/** Resuming is worth offering once some records went through; the API refuses (409) what it cannot resume. */
export function canResume(job: Job): boolean {
  return (job.status === "failed" || job.status === "canceled") && job.progress.synced > 0;
}

export function canCancel(job: Job): boolean {
  return job.status === "queued" || job.status === "running";
}
