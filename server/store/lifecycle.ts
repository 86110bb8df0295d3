/**
 * What the store keeps and for how long (docs/data-lifecycle.md): the part of the store contract
 * that removes rows. Every method works in bounded batches so that a pass never holds the store
 * for long, and is safe to run on several instances at once (a row is removed once).
 */

export interface RemovedJobs {
  jobs: number;
  operations: number;
  events: number;
  notifications: number;
}

/** What the store changed for one person's erasure; their jobs' events are compacted after it. */
export interface StoreErasure {
  /** Finished jobs whose requester is now ERASED_PERSON (their notifications rewritten too). */
  jobIds: string[];
  notificationsRewritten: number;
  /** Jobs still queued, running or canceling: left untouched, to erase once they end. */
  activeJobIds: string[];
  /** Schedules that ran as the person: paused, and no longer naming them (docs/data-lifecycle.md). */
  schedulesPaused: string[];
}

export interface TableStats {
  rows: number;
  /** The oldest row's time (ms since the epoch), null when the table is empty. */
  oldest: number | null;
}

export interface StoreStats {
  /** On-disk size; null for a store that has none to report (in memory). */
  sizeBytes: number | null;
  tables: Record<"jobs" | "operations" | "events" | "notifications", TableStats>;
}

export interface StoreLifecycle {
  /** Up to `limit` jobs that ended before `endedBefore` and still have more than one event. */
  jobsWithEventsToCompact(endedBefore: number, limit: number): Promise<string[]>;
  /**
   * Removes every event of the job but its last, whose data becomes `lastData` (the whole job as one
   * change, so a viewer catching up from any earlier event still ends with the whole job). Resolves
   * how many events were removed, or null, changing nothing, if the job is no longer at `version`:
   * `lastData` was made from an older job (a resume, on any instance, may have saved since).
   */
  compactEvents(jobId: string, version: number, lastData: string): Promise<number | null>;
  /**
   * Removes up to `limit` jobs that ended before `endedBefore`, with their operations, events and
   * notifications. A job with a notification still to deliver (pending or sending) waits.
   */
  removeEndedJobs(endedBefore: number, limit: number): Promise<RemovedJobs>;
  /**
   * Replaces one person's Entra object id and name in every finished job they requested and its
   * notifications, and drops those jobs' idempotency keys; pauses the schedules that ran as them and
   * clears their run-as user. Events are left to compactEvents.
   */
  erasePerson(objectId: string): Promise<StoreErasure>;
  stats(): Promise<StoreStats>;
}

/** Who an erased job was requested by: no object id, no name. */
export const ERASED_PERSON = { objectId: "erased", name: "" } as const;

/**
 * An event (`requestedBy` under `job` in a change, or at the top of a whole job) or a notification
 * payload (under `data`) with the requester replaced. Text that is not such JSON comes back unchanged.
 */
export function withoutRequester(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  if (typeof value !== "object" || value === null) return text;
  for (const holder of [value, (value as { job?: unknown }).job, (value as { data?: unknown }).data])
    if (typeof holder === "object" && holder !== null && "requestedBy" in holder)
      holder.requestedBy = { ...ERASED_PERSON };
  return JSON.stringify(value);
}
