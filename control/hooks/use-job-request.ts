import * as React from "react";
import type { Job } from "../api/job";
import { ApiError } from "../api/jobs-client";
import { failureEvent, type SyncAction, type SyncEvent } from "../state/sync-reducer";

export interface JobRequestOptions {
  follow: (job: Job) => void;
  stopAll: () => void;
  onJobIdChange: (jobId: string) => void;
  lifetime: AbortSignal;
  dispatch: (event: SyncEvent) => void;
}

/** Sends one action's request (start, cancel, resume) and follows the job it answers with. */
export type RunJobRequest = (action: SyncAction, call: (signal: AbortSignal) => Promise<Job>) => void;

/** Throttled starts repeated by themselves before the user is left to decide. */
const MAX_THROTTLED_STARTS = 3;

function retryAfter(action: SyncAction, error: unknown): number | null {
  if (action !== "start" || !(error instanceof ApiError) || error.status !== 429) return null;
  return error.retryAfterSeconds;
}

/**
 * The control's requests to the API. A throttled start (429 with Retry-After) is sent again when
 * Dataverse said, up to three times; while it waits no other request goes out.
 */
export function useJobRequest(options: JobRequestOptions): RunJobRequest {
  const { follow, stopAll, onJobIdChange, lifetime, dispatch } = options;
  /** True while a throttled start waits for its Retry-After: a second one would only be throttled too. */
  const waiting = React.useRef(false);
  return React.useCallback(
    (action, call) => {
      // Whatever was clicked, the start that waits goes first (the buttons are disabled meanwhile).
      if (waiting.current) return;
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
            waiting.current = true;
            const timer = setTimeout(() => {
              waiting.current = false;
              attempt(throttled + 1);
            }, wait * 1000);
            lifetime.addEventListener("abort", () => clearTimeout(timer), { once: true });
          });
      };
      attempt(0);
    },
    [follow, stopAll, onJobIdChange, lifetime, dispatch],
  );
}
