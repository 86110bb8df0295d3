import type { FailedRecordRow, JobRow, OperationRow } from "../store/store";
import type { JobWriter } from "./job-writer";
import type { Launcher } from "./launch";
import type { OperationJobs } from "./operation-jobs";

/**
 * The hand-off from a batch that ended to the next one: the transition's durable commit and the next
 * start. On SQLite the commit's fsync blocks the event loop for milliseconds, so when it is safe the
 * start goes out first and the commit runs while it is in flight.
 *
 * Safe means that whoever continues the chain later would find a start this process sent and never
 * recorded. A crash (or a failed commit) after the start leaves the ended batch running in the store
 * and the next one started in Dataverse; the next attempt to continue from that batch must look for
 * the start (adopt.ts) before sending one. Only this process knows which batches it continued
 * cleanly, so it sends first only for batches it started itself (`known`, in memory); any other
 * batch (after a restart, after a failed commit) is continued the careful way: commit, then look
 * for an earlier start and adopt it, or start. With several instances (PostgreSQL) a callback lands
 * on any of them and none could know, so `overlap` is off there: commit first, as before.
 */
export interface HandOff {
  /** This process recorded the batch's Dataverse id: only it can have continued from the batch. */
  started(op: OperationRow): void;
  /** The batch ended without a next one (the job ended, or it was only an observation). */
  ended(op: OperationRow): void;
  /** Saves `job` with `ended` (now terminal) and the records it failed, and starts `next`. */
  continue(job: JobRow, ended: OperationRow, next: OperationRow, failures?: FailedRecordRow[]): Promise<void>;
}

export function createHandOff(d: {
  writer: JobWriter;
  launcher: Launcher;
  /**
   * Told the next batch's job before its start goes out: its callback can come before its row is
   * committed, and must then wait for the job's lock instead of finding no such operation.
   */
  jobs: OperationJobs;
  overlap: boolean;
  /** Starts `op` unless Dataverse already has a start of it (engine.ts). */
  startOrAdopt: (op: OperationRow, job: JobRow) => Promise<unknown>;
}): HandOff {
  const known = new Set<string>();
  return {
    started: (op) => void (d.overlap && known.add(op.id)),
    ended: (op) => void known.delete(op.id),
    async continue(job, ended, next, failures) {
      const sure = known.delete(ended.id);
      if (!d.overlap || !sure) {
        const saved = await d.writer.write(job, [ended, next], { failures });
        await (d.overlap ? d.startOrAdopt(next, saved) : d.launcher.launch(saved, next, false));
        return;
      }
      d.jobs.remember(next.id, job.id);
      const sent = d.launcher.send(job, next);
      // Its failure is recorded below, once the commit is in: a start refused sooner is not unhandled.
      sent.catch(() => undefined);
      // The request leaves in this turn's ticks; the commit's encoding and fsync wait for the next.
      await new Promise<void>((resolve) => setImmediate(resolve));
      // If this commit fails, `ended` stays running and unknown: whoever continues from it looks
      // for this start first.
      const saved = await d.writer.write(job, [ended, next], { failures });
      await d.launcher.record(saved, next, sent, false);
    },
  };
}
