/**
 * When to try a failed delivery again: exponential backoff (30 s, 1 min, 2 min, ... capped at 4 h)
 * with ±20 % jitter so receivers that come back are not hit by every sender at once. A receiver's
 * Retry-After replaces the backoff (up to the cap). Retries go on until `windowMs` after the event
 * was created, and the last one lands at the end of the window: at least that long, then dead.
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
  const delay = retryAfterMs !== null ? Math.min(retryAfterMs, CAP_MS) : backoff * (0.8 + 0.4 * random());
  return Math.min(now + Math.max(1000, Math.round(delay)), end);
}

/** Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3), in ms from `now`. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
