import type { Job } from "../../control/api/job";

export const RECORD_ID = "5f0c2a1e-7b3d-4c8e-9a6f-1d2e3f4a5b6c";

let counter = 0;

/** A job as the companion API serialises it; override what the test is about. */
export function makeJob(overrides: Partial<Job> = {}): Job {
  counter += 1;
  const id = overrides.id ?? `00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`;
  return {
    id,
    customApi: "sample_SyncRecordsToExternalSystem",
    parameters: { EntityName: "account" },
    target: { entity: "account", id: RECORD_ID },
    requestedBy: { objectId: "2c4e6a8b-1d3f-4a5b-8c7d-0e1f2a3b4c5d", name: "Alex Wilber" },
    status: "queued",
    createdAt: "2026-11-26T10:00:00.000Z",
    startedAt: null,
    endedAt: null,
    progress: { synced: 0, failed: 0, total: null, batches: 0 },
    operations: [],
    error: null,
    scheduleId: null,
    links: { self: `/api/jobs/${id}`, events: `/api/jobs/${id}/events` },
    ...overrides,
  };
}

export function running(job: Job, synced: number, total: number | null, batches = 1): Job {
  return {
    ...job,
    status: "running",
    startedAt: "2026-11-26T10:00:01.000Z",
    progress: { ...job.progress, synced, total, batches },
  };
}

export function finished(
  job: Job,
  status: "succeeded" | "failed" | "canceled",
  overrides: Partial<Job> = {},
): Job {
  return {
    ...job,
    status,
    startedAt: job.startedAt ?? "2026-11-26T10:00:01.000Z",
    endedAt: "2026-11-26T10:01:06.000Z",
    ...overrides,
  };
}
