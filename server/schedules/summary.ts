import type { Store } from "../store/store";

/**
 * What a form shows about the schedules that sync a record: those of the record itself and those of
 * its whole table. The next due time is the soonest among enabled ones; the last run is the newest
 * job any of them started.
 */

const iso = (ms: number) => new Date(ms).toISOString();
/** Each schedule costs a read of its jobs; no record is meant to be synced by this many. */
const MAX_SCHEDULES = 100;

export async function scheduleSummary(store: Store, entity: string, id: string) {
  // The store picks the record's schedules: those of its table's other records never count, however many.
  const mine = await store.listSchedules({ targetEntity: entity, coveringRecord: id, limit: MAX_SCHEDULES });
  const due = mine.flatMap((s) => (s.enabled && s.nextRunAt !== null ? [s.nextRunAt] : []));
  const latest = await Promise.all(mine.map((s) => store.listJobs({ scheduleId: s.id, limit: 1 })));
  const last = latest.flat().sort((a, b) => b.createdAt - a.createdAt)[0];
  return {
    schedules: mine.length,
    nextRunAt: due.length ? iso(Math.min(...due)) : null,
    lastRun: last
      ? {
          jobId: last.id,
          status: last.status,
          createdAt: iso(last.createdAt),
          endedAt: last.endedAt === null ? null : iso(last.endedAt),
        }
      : null,
  };
}
