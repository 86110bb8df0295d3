import { createParser } from "eventsource-parser";
import { isTerminal, type Job } from "./job";
import { applyJobChange, type JobChange } from "./job-change";
import { ApiError, failureOf, type JobsClient } from "./jobs-client";
import { SignInRequiredError } from "../auth/token-provider";

/** What the connection indicator shows. "polling" means streaming kept failing and we fell back. */
export type ConnectionState = "connecting" | "live" | "reconnecting" | "polling" | "closed";

export interface WatchJobOptions {
  client: JobsClient;
  jobId: string;
  onJob: (job: Job) => void;
  onConnection: (state: ConnectionState) => void;
  /** A failure that retrying cannot fix (401, 403, 404): the watch stops. */
  onFatal: (error: unknown) => void;
  /** Delays between stream attempts; once they are used up the watch falls back to polling. */
  retryDelaysMs?: number[];
  pollIntervalMs?: number;
  /** Polls before streaming is tried again (a proxy that broke SSE may have been fixed). */
  pollsPerStreamRetry?: number;
}

export interface JobWatch {
  close: () => void;
}

/**
 * Follows a job over SSE with fetch + eventsource-parser (EventSource cannot send an Authorization
 * header), resuming with Last-Event-ID so the API replays exactly the changes missed.
 */
export function watchJob(options: WatchJobOptions): JobWatch {
  const { client, jobId, onJob, onConnection, onFatal } = options;
  const retryDelays = options.retryDelaysMs ?? [1000, 2000, 5000, 10000];
  const pollInterval = options.pollIntervalMs ?? 5000;
  const pollsPerStreamRetry = options.pollsPerStreamRetry ?? 12;
  const abort = new AbortController();
  let lastEventId: string | undefined;
  /** The job as the stream has built it: a `job` event sets it, each `change` applies on top. */
  let current: Job | undefined;
  let failures = 0;
  let finished = false;

  const receive = (job: Job): void => {
    current = job;
    finished = isTerminal(job.status);
    onJob(job);
  };

  /** The job as it is now, without the stream; what the stream sends next starts from it again. */
  const read = async (): Promise<void> => {
    try {
      receive(await client.get(jobId, abort.signal));
      lastEventId = undefined;
    } catch (error) {
      if (isFatal(error)) throw error;
    }
  };

  const streamOnce = async (): Promise<void> => {
    const headers: Record<string, string> = { Accept: "text/event-stream" };
    if (lastEventId !== undefined) headers["Last-Event-ID"] = lastEventId;
    const response = await client.send(`/api/jobs/${encodeURIComponent(jobId)}/events`, {
      headers,
      signal: abort.signal,
      cache: "no-store",
    });
    if (!response.ok) throw await failureOf(response);
    if (response.body === null) throw new ApiError(response.status, response.statusText);
    // Live again: the drops before this one were not streaming failing (a proxy's idle timeout ends
    // quiet streams), so only drops in a row, with no stream in between, count towards polling.
    failures = 0;
    onConnection("live");
    const parser = createParser({
      onEvent: (event) => {
        if (event.id !== undefined) lastEventId = event.id;
        if (event.event === "job") receive(JSON.parse(event.data) as Job);
        else if (event.event === "change" && current)
          receive(applyJobChange(current, JSON.parse(event.data) as JobChange));
      },
    });
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    while (!finished) {
      const { done, value } = await reader.read();
      if (done) return;
      parser.feed(decoder.decode(value, { stream: true }));
    }
    await reader.cancel();
  };

  const poll = async (): Promise<void> => {
    onConnection("polling");
    for (let count = 0; count < pollsPerStreamRetry && !finished && !abort.signal.aborted; count += 1) {
      await read();
      if (!finished) await sleep(pollInterval, abort.signal);
    }
  };

  const run = async (): Promise<void> => {
    onConnection("connecting");
    while (!finished && !abort.signal.aborted) {
      try {
        await streamOnce();
      } catch (error) {
        if (abort.signal.aborted) return;
        if (isFatal(error)) throw error;
      }
      if (finished || abort.signal.aborted) return;
      failures += 1;
      const delay = retryDelays[failures - 1];
      if (delay === undefined) {
        await poll();
        failures = 0;
        continue;
      }
      onConnection("reconnecting");
      // The stream would not open again (not one drop, which proxies' idle timeouts cause): read the
      // job meanwhile, so that what is shown is never older than the wait before the next try.
      if (failures > 1) await read();
      if (finished) return;
      await sleep(delay * (0.75 + Math.random() / 2), abort.signal);
    }
  };

  run()
    .catch((error: unknown) => {
      if (!abort.signal.aborted) onFatal(error);
    })
    .finally(() => {
      if (!abort.signal.aborted) onConnection("closed");
    });

  return { close: () => abort.abort() };
}

function isFatal(error: unknown): boolean {
  if (error instanceof SignInRequiredError) return true;
  return error instanceof ApiError && [400, 401, 403, 404, 410].includes(error.status);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}
