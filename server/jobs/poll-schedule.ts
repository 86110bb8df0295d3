/**
 * When to look at an operation again. Microsoft asks callers to poll background operations at most
 * about once a minute (docs/dataverse.md, "Polling"), so the delay never drops below the floor,
 * doubles with each unanswered check up to a ceiling, and never undercuts a `Retry-After` Dataverse
 * sent.
 */

export interface PollTimings {
  /** The callback grace period (RECONCILE_AFTER_SECONDS): how long after a start to wait for the callback before polling. */
  reconcileAfterSeconds: number;
  pollFloorSeconds: number;
  pollMaxSeconds: number;
}

/** When a just-started batch is first checked, if its callback has not come by then. */
export const reconcileAt = (now: number, t: Pick<PollTimings, "reconcileAfterSeconds">) =>
  now + t.reconcileAfterSeconds * 1000;

export function nextCheckDelayMs(checks: number, retryAfterSeconds: number | null, t: PollTimings): number {
  const backoff = Math.min(t.pollMaxSeconds, t.pollFloorSeconds * 2 ** Math.min(checks, 20));
  return Math.max(t.pollFloorSeconds, backoff, retryAfterSeconds ?? 0) * 1000;
}
