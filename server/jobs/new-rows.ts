import type { JobRow, OperationRow } from "../store/store";
import { State, Status } from "./operation-state";

// How jobs and operations begin; every later change to them goes through transitions.ts.

/** What a new job is made of; everything else starts empty (queued, nothing counted, no cursor). */
export type NewJob = Pick<
  JobRow,
  | "id"
  | "customApi"
  | "parameters"
  | "targetEntity"
  | "targetId"
  | "requestedByOid"
  | "requestedByName"
  | "createdAt"
  | "chained"
  | "idempotencyKey"
  | "requestHash"
  | "concurrent"
>;

export function newJob(
  fields: NewJob & { notifyUrl?: string | null; scheduleId?: string | null; takesProgressUrl?: boolean },
): JobRow {
  return {
    notifyUrl: null,
    scheduleId: null,
    takesProgressUrl: false,
    ...fields,
    status: "queued",
    startedAt: null,
    endedAt: null,
    synced: 0,
    failed: 0,
    total: null,
    batches: 0,
    error: null,
    cursor: null,
    failuresListed: 0,
    failuresDropped: 0,
    version: 0,
  };
}

export function newOperation(
  job: JobRow,
  batch: number,
  cursor: string | null,
  id: string,
  now: number,
): OperationRow {
  return {
    id,
    jobId: job.id,
    batch,
    cursor,
    backgroundOperationId: null,
    stateCode: State.Ready,
    statusCode: Status.WaitingForResources,
    retryCount: 0,
    createdAt: now,
    startedAt: null,
    endedAt: null,
    nextCheckAt: null,
    checks: 0,
    progressDone: null,
    progressTotal: null,
  };
}
