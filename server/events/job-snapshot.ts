import { toJobJson } from "../jobs/job-json";
import { isJobTerminal } from "../jobs/transitions";
import type { StoredEvent, Store } from "../store/store";

/**
 * The whole job as a `job` event, labelled with the sequence number of the last change it includes,
 * so the changes published after it apply on top. Job and operations are read between two looks at
 * the latest event; when a change was saved in between they are read again, a few times at most:
 * changes carry values, not increments, so re-applying one the snapshot already holds converges.
 */
export async function jobSnapshot(store: Store, jobId: string): Promise<StoredEvent | undefined> {
  for (let attempt = 0; ; attempt++) {
    const latest = await store.latestEvent(jobId);
    const [job, operations] = await Promise.all([store.getJob(jobId), store.listOperations(jobId)]);
    if (!job) return undefined;
    const again = await store.latestEvent(jobId);
    if (again?.seq === latest?.seq || attempt === 4)
      return {
        seq: latest?.seq ?? 0,
        jobId,
        data: JSON.stringify(toJobJson(job, operations)),
        terminal: isJobTerminal(job),
      };
  }
}
