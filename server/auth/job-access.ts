import type { Clock } from "../clock";
import type { DataverseClient } from "../dataverse/client";
import type { JobRow } from "../store/store";
import type { Principal } from "./principal";

/**
 * Who may see a job: the person who started it; and, when JOB_VISIBILITY=record, whoever Dataverse
 * lets read the job's record, asked as them (CallerObjectId) so Dataverse's own security decides.
 * Answers are cached briefly: SSE reconnects and list pages must not each cost a Dataverse call.
 * Only the starter may cancel or resume; only someone who can read a record may start a job for it.
 */

export interface JobAccess {
  canView(principal: Principal, job: JobRow): Promise<boolean>;
  /** Whether the record's job history is visible to this person (JOB_VISIBILITY=record and Dataverse agrees). */
  canReadRecord(principal: Principal, entity: string, id: string): Promise<boolean>;
  /** A job may only be started for a record its starter can read: it will appear in that record's history. */
  mayTarget(principal: Principal, entity: string, id: string): Promise<boolean>;
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

  async function readable(principal: Principal, entity: string, id: string) {
    // A table-wide scheduled run has no record to ask Dataverse about: only its run-as person sees it.
    if (id === "") return false;
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

  const canReadRecord = async (principal: Principal, entity: string, id: string) =>
    options.visibility === "record" && (await readable(principal, entity, id));

  return {
    canReadRecord,
    mayTarget: readable,
    canView: async (principal, job) =>
      owns(principal, job) || canReadRecord(principal, job.targetEntity, job.targetId),
    canControl: owns,
  };
}
