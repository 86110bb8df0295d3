import * as React from "react";
import type { Job } from "../api/job";
import { ApiError, createJobsClient, type FailuresPage, type JobsClient } from "../api/jobs-client";
import type { ControlConfig } from "../config";
import type { ControlDeps, LoginHint } from "../deps";
import {
  failureEvent,
  initialSyncState,
  syncReducer,
  type SyncAction,
  type SyncEvent,
  type SyncState,
} from "../state/sync-reducer";
import { startParameters } from "../start-parameters";
import { useJobWatch } from "./use-job-watch";

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
 * Jobs read for the history: more than the rows shown, so "Show more" needs no second request and the
 * count says how many there are (up to this many).
 */
export const HISTORY_LOAD = 50;

/** Throttled starts repeated by themselves before the user is left to decide. */
const MAX_THROTTLED_STARTS = 3;

function retryAfter(action: SyncAction, error: unknown): number | null {
  if (action !== "start" || !(error instanceof ApiError) || error.status !== 429) return null;
  return error.retryAfterSeconds;
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
  /** Set while a throttled start waits for its Retry-After: a second one would only be throttled too. */
  const throttledWait = React.useRef<ReturnType<typeof setTimeout> | null>(null);

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
        if (!abort.signal.aborted) dispatch({ type: "history-failed" });
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

  const run = React.useCallback(
    (action: SyncAction, call: (signal: AbortSignal) => Promise<Job>) => {
      // Whatever was clicked, the start that waits goes first (the buttons are disabled meanwhile).
      if (throttledWait.current !== null) return;
      const attempt = (throttled: number): void => {
        dispatch({ type: "requested", action });
        // The request dies with the control: no answer may update (or open a stream for) a destroyed one.
        call(lifetime)
          .then((job) => {
            if (lifetime.aborted) return;
            if (action === "cancel") {
              dispatch({ type: "job", job });
              dispatch({ type: "settled" });
            } else {
              dispatch({ type: "job", job, fresh: true });
              onJobIdChange(job.id);
              // A resumed job has the same id as the finished watch: open a new stream for it.
              stopAll();
            }
            follow(job);
          })
          .catch((error: unknown) => {
            if (lifetime.aborted) return;
            // A throttled start says when to come back: do it, instead of leaving a spinner or a dead end.
            const wait = retryAfter(action, error);
            const again = wait !== null && throttled < MAX_THROTTLED_STARTS;
            dispatch(failureEvent(action, error, again ? Date.now() + wait * 1000 : null));
            if (!again) return;
            const timer = setTimeout(() => {
              throttledWait.current = null;
              attempt(throttled + 1);
            }, wait * 1000);
            throttledWait.current = timer;
            lifetime.addEventListener("abort", () => clearTimeout(timer), { once: true });
          });
      };
      attempt(0);
    },
    [follow, stopAll, onJobIdChange, lifetime, dispatch],
  );

  const startWith = React.useCallback(
    (customApi: string, parameters: () => Promise<Record<string, unknown>>) =>
      run("start", async (signal) =>
        client.start(
          {
            customApi,
            parameters: await parameters(),
            target: { entity: record.entityName, id: record.id },
          },
          signal,
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
      if (job !== null) run("start", (signal) => client.retryFailed(job.id, signal));
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
