/**
 * When to try a failed delivery again: exponential backoff (30 s, 1 min, 2 min, ... capped at 4 h)
 * with ±20 % jitter so receivers that come back are not hit by every sender at once. A receiver's
 * Retry-After may lengthen the wait (up to the cap), never shorten it: a receiver answering
 * `Retry-After: 0` to everything is not called every second for a day. Retries go on until
 * `windowMs` after the event was created, and the last one lands at the end of the window: at least
 * that long, then dead.
 */

const BASE_MS = 30_000;
const CAP_MS = 4 * 3600_000;

export interface RetryPlan {
  windowMs: number;
  random?: () => number;
}

/** The next attempt's time, or null when the window is over (dead-letter). */
export function nextAttemptAt(
  plan: RetryPlan,
  n: { createdAt: number; attempts: number },
  now: number,
  retryAfterMs: number | null,
): number | null {
  const end = n.createdAt + plan.windowMs;
  if (now >= end) return null;
  const random = plan.random ?? Math.random;
  const backoff = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, n.attempts - 1));
  const delay = Math.max(Math.min(retryAfterMs ?? 0, CAP_MS), backoff * (0.8 + 0.4 * random()));
  return Math.min(now + Math.round(delay), end);
}

/** An HTTP-date in any of its three forms (RFC 9110 §5.6.7) begins with the day's name. */
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /;

/**
 * Retry-After as delta-seconds or an HTTP-date (RFC 9110 §10.2.3), in ms from `now`; anything else
 * is ignored, not read by `Date.parse`, which takes "1.5" for a day in 2001.
 */
export function parseRetryAfter(value: string | null, now: number): number | null {
  const text = value?.trim() ?? "";
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = HTTP_DATE.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
