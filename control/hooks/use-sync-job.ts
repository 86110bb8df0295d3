import * as React from "react";
import type { Job } from "../api/job";
import { ApiError, createJobsClient, type FailuresPage, type JobsClient } from "../api/jobs-client";
import type { ControlConfig } from "../config";
import type { ControlDeps, LoginHint } from "../deps";
import {
  failureEvent,
  initialSyncState,
  syncReducer,
  type SyncEvent,
  type SyncState,
} from "../state/sync-reducer";
import { startParameters } from "../start-parameters";
import { useJobRequest } from "./use-job-request";
import { useJobWatch } from "./use-job-watch";
import { useRecordJobs } from "./use-record-jobs";

export interface SyncJobOptions {
  config: ControlConfig;
  record: { entityName: string; id: string };
  boundJobId: string | null;
  deps: ControlDeps;
  readColumns: (names: string[]) => Promise<Record<string, string | null>>;
  loginHint: LoginHint;
  onJobIdChange: (jobId: string) => void;
  lifetime: AbortSignal;
  /** False while offline: the watch closes, and everything reloads when the connection is back. */
  online: boolean;
}

export interface SyncJob {
  state: SyncState;
  /** The API client the hook owns, for the record's other reads (the schedule line). */
  client: JobsClient;
  start: () => void;
  retry: () => void;
  cancel: () => void;
  resume: () => void;
  /** Starts a new job for only the records the current job failed. */
  retryFailed: () => void;
  /** Reads the current job's failed records. */
  loadFailures: (jobId: string, signal: AbortSignal) => Promise<FailuresPage>;
  signIn: () => void;
  /** Reads the record's jobs again (after an outage). */
  reload: () => void;
}

/**
 * A start the API refused because a job for the record is already active (started in another tab,
 * by someone else or by a schedule, after this control read the record's jobs): that job, shown and
 * followed as if this start had returned it, rather than an error with nothing to follow.
 */
async function orActiveJob(client: JobsClient, signal: AbortSignal, start: () => Promise<Job>) {
  try {
    return await start();
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 409 || error.activeJobId === null) throw error;
    const refused = error;
    // Not this person's to see (JOB_VISIBILITY=own, someone else's or a schedule's sync): the
    // refusal itself says what is going on.
    return client.get(error.activeJobId, signal).catch(() => Promise.reject(refused));
  }
}

/** Owns the API client, the live watch of the current job and the record's history. */
export function useSyncJob(options: SyncJobOptions): SyncJob {
  const { config, record, boundJobId, deps, lifetime, online } = options;
  const [state, dispatchRaw] = React.useReducer(syncReducer, initialSyncState);
  // Every job event carries when it arrived, so the reducer stays pure and "last update" is true.
  const dispatch = React.useCallback(
    (event: SyncEvent) => dispatchRaw(event.type === "job" ? { ...event, at: Date.now() } : event),
    [],
  );
  const [reloads, setReloads] = React.useState(0);
  const tokens = deps.tokenProviderFor(config.auth, options.loginHint);
  const client = React.useMemo(
    () => createJobsClient(config.apiBaseUrl, (options) => tokens.getToken(options), deps.fetch),
    [config.apiBaseUrl, tokens, deps.fetch],
  );
  const { onJobIdChange, readColumns } = options;
  const { follow, stop: stopAll } = useJobWatch(client, dispatch, lifetime);
  useRecordJobs({ client, record, boundJobId, follow, stopAll, dispatch, online, reloads });
  const run = useJobRequest({ follow, stopAll, onJobIdChange, lifetime, dispatch });

  const startWith = React.useCallback(
    (customApi: string, parameters: () => Promise<Record<string, unknown>>) =>
      run("start", async (signal) =>
        orActiveJob(client, signal, async () =>
          client.start(
            {
              customApi,
              parameters: await parameters(),
              target: { entity: record.entityName, id: record.id },
            },
            signal,
          ),
        ),
      ),
    [run, client, record.entityName, record.id],
  );

  // Stable, so an open failures list does not abort and lose its request on every render.
  const loadFailures = React.useCallback(
    (jobId: string, signal: AbortSignal) => client.failures(jobId, signal),
    [client],
  );

  return {
    state,
    client,
    start: () =>
      startWith(config.customApiName, () => startParameters({ config, record, readColumns, client })),
    retry: () => {
      const job = state.job;
      if (job !== null) startWith(job.customApi, () => Promise.resolve(job.parameters));
    },
    cancel: () => {
      const job = state.job;
      if (job !== null) run("cancel", (signal) => client.cancel(job.id, signal));
    },
    resume: () => {
      const job = state.job;
      if (job !== null) run("resume", (signal) => client.resume(job.id, signal));
    },
    retryFailed: () => {
      const job = state.job;
      // A start like any other: the new job becomes the one shown and followed.
      if (job !== null)
        run("start", (signal) => orActiveJob(client, signal, () => client.retryFailed(job.id, signal)));
    },
    loadFailures,
    reload: () => setReloads((count) => count + 1),
    signIn: () => {
      tokens.signIn().then(
        () => {
          dispatch({ type: "signed-in" });
          setReloads((count) => count + 1);
        },
        (error: unknown) => dispatch(failureEvent("load", error)),
      );
    },
  };
}
