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

export interface ErasureReport {
  /** Finished jobs whose requester was replaced by ERASED_PERSON, with their events and notifications. */
  jobsAnonymised: number;
  eventsRewritten: number;
  eventsRemoved: number;
  notificationsRewritten: number;
  /** Jobs still queued, running or canceling: left untouched, to erase once they end. */
  activeJobIds: string[];
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
  /**
   * Removes up to `limit` events of jobs that ended before `endedBefore`, keeping each job's last
   * event (a viewer reconnecting to a finished job still gets its final state). Resolves how many.
   */
  pruneEvents(endedBefore: number, limit: number): Promise<number>;
  /**
   * Removes up to `limit` jobs that ended before `endedBefore`, with their operations, events and
   * notifications. A job with a notification still to deliver (pending or sending) waits.
   */
  removeEndedJobs(endedBefore: number, limit: number): Promise<RemovedJobs>;
  /** Replaces one person's Entra object id and name in every finished job, event and notification. */
  erasePerson(objectId: string): Promise<ErasureReport>;
  stats(): Promise<StoreStats>;
}

/** Who an erased job was requested by: no object id, no name. */
export const ERASED_PERSON = { objectId: "erased", name: "" } as const;

/**
 * The job JSON of an event (`requestedBy` at the top) or a notification payload (under `data`),
 * with the requester replaced. Text that is not such JSON comes back unchanged.
 */
export function withoutRequester(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  if (typeof value !== "object" || value === null) return text;
  const record = value as { requestedBy?: unknown; data?: { requestedBy?: unknown } };
  if (record.requestedBy !== undefined) record.requestedBy = { ...ERASED_PERSON };
  if (record.data?.requestedBy !== undefined) record.data.requestedBy = { ...ERASED_PERSON };
  return JSON.stringify(record);
}
