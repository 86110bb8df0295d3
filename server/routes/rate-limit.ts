import type { Clock } from "../clock";

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };
/** Takes one job start from `key`'s allowance; shared by every instance on PostgreSQL (coordination/). */
export type RateLimit = (key: string) => RateDecision | Promise<RateDecision>;

/**
 * Per-key token bucket: `perMinute` requests a minute, refilled continuously, with a burst of the
 * same size. In memory, for one instance; instances sharing PostgreSQL share one bucket per user
 * instead (coordination/pg-shared-state.ts).
 */
export function createRateLimiter(options: { perMinute: number; clock: Clock }): RateLimit {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const ratePerMs = options.perMinute / 60_000;
  return function take(key: string): RateDecision {
    const now = options.clock.now();
    const b = buckets.get(key) ?? { tokens: options.perMinute, at: now };
    b.tokens = Math.min(options.perMinute, b.tokens + (now - b.at) * ratePerMs);
    b.at = now;
    buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / ratePerMs / 1000)) };
  };
}
