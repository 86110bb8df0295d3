import * as React from "react";
import type { Job } from "../api/job";
import { ApiError, type JobsClient } from "../api/jobs-client";
import { SignInRequiredError } from "../auth/token-provider";
import { failureEvent, type SyncEvent } from "../state/sync-reducer";

/**
 * Jobs read for the history: more than the rows shown, so "Show more" needs no second request and the
 * count says how many there are (up to this many).
 */
export const HISTORY_LOAD = 50;

export interface RecordJobsOptions {
  client: JobsClient;
  record: { entityName: string; id: string };
  boundJobId: string | null;
  follow: (job: Job) => void;
  stopAll: () => void;
  dispatch: (event: SyncEvent) => void;
  /** False while offline: the watch closes, and everything reloads when the connection is back. */
  online: boolean;
  /** Bumped to read everything again (after an outage, after signing in). */
  reloads: number;
}

/** Reads the record's jobs and follows the current one: the bound job, else the latest. */
export function useRecordJobs(options: RecordJobsOptions): void {
  const { client, record, boundJobId, follow, stopAll, dispatch, online, reloads } = options;
  React.useEffect(() => {
    if (!online) {
      stopAll();
      return undefined;
    }
    const abort = new AbortController();
    // A bound id the API does not know for this user (another user's job with JOB_VISIBILITY=own, a
    // reset store) is no failure: the record's latest job stands in for it.
    const boundJob = (id: string, history: Job[]): Promise<Job | undefined> =>
      client.get(id, abort.signal).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return history[0];
        throw error;
      });
    const load = async (): Promise<void> => {
      const target = { entity: record.entityName, id: record.id, limit: HISTORY_LOAD };
      const history = await client.list(target, abort.signal).catch((error: unknown) => {
        // Not signed in is a sign-in state (failureEvent below turns it into one), not a failed read.
        const signedOut = error instanceof SignInRequiredError;
        if (!abort.signal.aborted) dispatch({ type: signedOut ? "history-signed-out" : "history-failed" });
        throw error;
      });
      dispatch({ type: "history", jobs: history });
      const current = boundJobId !== null ? await boundJob(boundJobId, history) : history[0];
      if (current !== undefined) {
        dispatch({ type: "job", job: current });
        follow(current);
      }
      dispatch({ type: "loaded" });
    };
    load().catch((error: unknown) => {
      if (abort.signal.aborted) return;
      dispatch(failureEvent("load", error));
      // The failure is on screen; starting stays possible, as the API will refuse what it must.
      dispatch({ type: "loaded" });
    });
    return () => abort.abort();
  }, [client, record.entityName, record.id, boundJobId, follow, reloads, online, stopAll, dispatch]);
}
