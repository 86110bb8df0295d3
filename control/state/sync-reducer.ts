import { isTerminal, type Job } from "../api/job";
import type { ConnectionState } from "../api/job-stream";
import { ApiError } from "../api/jobs-client";
import { SignInRequiredError, type SignInReason } from "../auth/token-provider";

export type SyncAction = "start" | "cancel" | "resume";

export interface SyncState {
  /** The job on screen: the one running, or the latest one for this record. */
  job: Job | null;
  connection: ConnectionState;
  pending: SyncAction | null;
  /** Why the last action failed, as the API or the network said it. */
  failure: Failure | null;
  signInRequired: boolean;
  /** Why sign-in is asked for, so the control can say it in words (a refused token, a blocked popup). */
  signInReason: SignInReason;
  /** When the job on screen was last heard of (ms): "last update" when what is shown may be stale. */
  updatedAt: number | null;
  /** The record's recent jobs, newest first. */
  history: Job[];
  /**
   * Whether `history` is what the API said: an empty list that could not be read is no "No syncs yet".
   * "signed-out": not read because sign-in is needed, which is no failure: the section is left out
   * (the sign-in above already says what to do, or why it was refused) until the person signs in.
   */
  historyState: "loading" | "loaded" | "failed" | "signed-out";
  /**
   * False until the record's current job and history have been read: until then a click could
   * start a second job beside one already running (a reopened record, a reload).
   */
  loaded: boolean;
}

export interface Failure {
  action: SyncAction | "load";
  /** The API's words; null when the API could not be reached at all. */
  detail: string | null;
  /** HTTP status, null for a network failure. */
  status: number | null;
  /** Each invalid parameter the API named (a 400 on start). */
  errors: string[];
  retryAfterSeconds: number | null;
  /** When the control sends a throttled start again by itself (ms); null when it does not. */
  retryAt: number | null;
}

export type SyncEvent =
  | { type: "requested"; action: SyncAction }
  /** `fresh`: the job came from our own start/resume answer, so it may legitimately leave a terminal state. */
  | { type: "job"; job: Job; fresh?: boolean; at?: number }
  | { type: "settled" }
  | { type: "connection"; state: ConnectionState }
  | ({ type: "failed" } & Failure)
  | { type: "sign-in-required"; why: SignInReason }
  | { type: "signed-in" }
  | { type: "history"; jobs: Job[] }
  | { type: "history-failed" }
  | { type: "history-signed-out" }
  | { type: "loaded" };

export const initialSyncState: SyncState = {
  job: null,
  connection: "closed",
  pending: null,
  failure: null,
  signInRequired: false,
  signInReason: "needed",
  updatedAt: null,
  history: [],
  historyState: "loading",
  loaded: false,
};

export function syncReducer(state: SyncState, event: SyncEvent): SyncState {
  switch (event.type) {
    case "requested":
      return { ...state, pending: event.action, failure: null };
    case "job":
      return receiveJob(state, event.job, event.fresh === true, event.at ?? state.updatedAt);
    case "settled":
      return { ...state, pending: null };
    case "connection":
      return state.connection === event.state ? state : { ...state, connection: event.state };
    case "failed": {
      const { type: _type, ...failure } = event;
      return { ...state, pending: null, failure };
    }
    case "sign-in-required":
      return { ...state, pending: null, signInRequired: true, signInReason: event.why };
    case "signed-in": {
      // The history is read again after signing in: until it comes, it is loading, not signed out.
      const historyState = state.historyState === "signed-out" ? "loading" : state.historyState;
      return { ...state, signInRequired: false, failure: null, historyState };
    }
    case "history":
      return { ...state, history: event.jobs, historyState: "loaded" };
    case "history-failed":
      return { ...state, historyState: "failed" };
    case "history-signed-out":
      return { ...state, historyState: "signed-out" };
    case "loaded":
      return state.loaded ? state : { ...state, loaded: true };
  }
}

function receiveJob(state: SyncState, job: Job, fresh: boolean, at: number | null): SyncState {
  const current = state.job;
  // A poll answer that raced a stream frame must not take a finished job back to "running".
  if (!fresh && current?.id === job.id && isTerminal(current.status) && !isTerminal(job.status)) return state;
  const history = [job, ...state.history.filter((item) => item.id !== job.id)];
  history.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return {
    ...state,
    job,
    updatedAt: at,
    pending: fresh ? null : state.pending,
    failure: fresh ? null : state.failure,
    // Not trimmed here: the history view shows as many rows as the maker configured.
    history,
  };
}

/**
 * A failed request as an event: sign-in when no token came silently, else the API's own words.
 * `retryAt`: when the control sends it again by itself (a throttled start), if it does.
 */
export function failureEvent(
  action: SyncAction | "load",
  error: unknown,
  retryAt: number | null = null,
): SyncEvent {
  if (error instanceof SignInRequiredError) return { type: "sign-in-required", why: error.why };
  if (!(error instanceof ApiError)) {
    const unreached = { detail: null, status: null, errors: [], retryAfterSeconds: null };
    return { type: "failed", action, ...unreached, retryAt: null };
  }
  return {
    type: "failed",
    action,
    detail: error.detail,
    status: error.status,
    errors: error.errors,
    retryAfterSeconds: error.retryAfterSeconds,
    retryAt,
  };
}
