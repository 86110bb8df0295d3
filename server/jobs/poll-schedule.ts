/**
 * When to look at an operation again. Microsoft asks callers to poll background operations at most
 * about once a minute (dataverse-facts.md), so the delay never drops below the floor, doubles with
 * each unanswered check up to a ceiling, and never undercuts a `Retry-After` Dataverse sent.
 */

export interface PollTimings {
  /** Callback grace: how long after the start to wait for the callback before polling. */
  afterSeconds: number;
  pollFloorSeconds: number;
  pollMaxSeconds: number;
}

export function nextCheckDelayMs(checks: number, retryAfterSeconds: number | null, t: PollTimings): number {
  const backoff = Math.min(t.pollMaxSeconds, t.pollFloorSeconds * 2 ** Math.min(checks, 20));
  return Math.max(t.pollFloorSeconds, backoff, retryAfterSeconds ?? 0) * 1000;
}
