import type { Clock } from "../clock";
import type { DataverseClient } from "../dataverse/client";
import type { JobRow } from "../store/store";
import type { Principal } from "./principal";

/**
 * Who may see a job: the person who started it; and, when JOB_VISIBILITY=record, whoever Dataverse
 * lets read the job's record, asked as them (CallerObjectId) so Dataverse's own security decides.
 * Answers are cached briefly: SSE reconnects and list pages must not each cost a Dataverse call.
 * Only the starter may cancel or resume.
 */

export interface JobAccess {
  canView(principal: Principal, job: JobRow): Promise<boolean>;
  canReadRecord(principal: Principal, entity: string, id: string): Promise<boolean>;
  canControl(principal: Principal, job: JobRow): boolean;
}

const MAX_ENTRIES = 10_000;

export function createJobAccess(options: {
  dataverse: DataverseClient;
  visibility: "own" | "record";
  cacheTtlMs: number;
  clock: Clock;
}): JobAccess {
  const cache = new Map<string, { allowed: boolean; at: number }>();

  async function canReadRecord(principal: Principal, entity: string, id: string) {
    if (options.visibility === "own") return false;
    const key = `${principal.objectId}|${entity}|${id}`;
    const now = options.clock.now();
    const hit = cache.get(key);
    if (hit && now - hit.at < options.cacheTtlMs) return hit.allowed;
    const allowed = await options.dataverse.canReadRecord(entity, id, principal.objectId);
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(key, { allowed, at: now });
    return allowed;
  }

  const owns = (principal: Principal, job: JobRow) => job.requestedByOid === principal.objectId;

  return {
    canReadRecord,
    canView: async (principal, job) =>
      owns(principal, job) || canReadRecord(principal, job.targetEntity, job.targetId),
    canControl: owns,
  };
}
