import * as React from "react";
import { isTerminal, type Job } from "../api/job";
import { watchJob, type JobWatch } from "../api/job-stream";
import type { JobsClient } from "../api/jobs-client";
import { failureEvent, type SyncEvent } from "../state/sync-reducer";

export interface JobWatchControls {
  /** Watch this job live (no-op if it is already watched or finished, or the control is destroyed). */
  follow: (job: Job) => void;
  stop: () => void;
}

/** At most one live watch at a time, closed on client change, unmount and the control's destroy(). */
export function useJobWatch(
  client: JobsClient,
  dispatch: React.Dispatch<SyncEvent>,
  lifetime: AbortSignal,
): JobWatchControls {
  const current = React.useRef<{ jobId: string; watch: JobWatch } | null>(null);

  const stop = React.useCallback(() => {
    current.current?.watch.close();
    current.current = null;
  }, []);

  const follow = React.useCallback(
    (job: Job) => {
      // After destroy() nothing would ever close a new stream.
      if (lifetime.aborted || current.current?.jobId === job.id) return;
      stop();
      if (isTerminal(job.status)) return;
      const entry: { jobId: string; watch: JobWatch } = { jobId: job.id, watch: { close: () => undefined } };
      // A watch that ended (finished, or fatally: sign-in, 401, 404) no longer counts as following the
      // job, so the next follow(job), after signing in for instance, opens a new stream.
      const ended = (): void => {
        if (current.current === entry) current.current = null;
      };
      entry.watch = watchJob({
        client,
        jobId: job.id,
        onJob: (next) => dispatch({ type: "job", job: next }),
        onConnection: (next) => {
          if (next === "closed") ended();
          dispatch({ type: "connection", state: next });
        },
        onFatal: (error) => {
          ended();
          dispatch(failureEvent("load", error));
        },
      });
      current.current = entry;
    },
    [client, dispatch, stop, lifetime],
  );

  // The platform may not unmount a virtual control's tree on destroy(): close the stream ourselves.
  React.useEffect(() => {
    lifetime.addEventListener("abort", stop);
    return () => lifetime.removeEventListener("abort", stop);
  }, [lifetime, stop]);
  React.useEffect(() => stop, [client, stop]);

  return { follow, stop };
}
