import { createHash } from "node:crypto";
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
    pausedMs: 0,
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

/**
 * The id of the batch that follows `operationId`: derived from it, not drawn, so a hand-off done
 * again after a crash (hand-off.ts) names the same batch as the start it may already have sent, whose
 * callback and progress URLs carry that id: the start is adopted (adopt.ts), and its callback finds
 * its batch. A UUID of version 8 (RFC 9562, custom).
 */
export function nextOperationId(operationId: string): string {
  const h = createHash("sha256").update(`${operationId}/next`).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
