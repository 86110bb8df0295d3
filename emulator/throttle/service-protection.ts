import type { MiddlewareHandler } from "hono";
import type { Clock } from "../clock";
import type { EmulatorEnv } from "../context";
import type { ServiceProtectionLimits } from "../options";
import { ErrorCodes, odataError } from "../web-api/odata-error";

interface UserUsage {
  /** Real end times and emulated durations of requests in the window. */
  requests: { at: number; emulatedMs: number }[];
  active: number;
}

export interface ServiceProtection {
  middleware: MiddlewareHandler<EmulatorEnv>;
  reset(): void;
}

/**
 * Per-user service protection limits (docs/dataverse.md): a sliding window on request count and on
 * combined execution time, plus a concurrency cap; over a limit, 429 with Retry-After in seconds.
 * Usage is keyed by the authenticated principal, so impersonated calls spend the application user's
 * budget (see README, the harsher reading).
 */
export function createServiceProtection(
  limits: ServiceProtectionLimits | false,
  clock: Clock,
): ServiceProtection {
  const usage = new Map<string, UserUsage>();
  const windowReal = () => (limits ? clock.toReal(limits.windowMs) : 0);
  const retryAfter = (realMs: number) => String(Math.max(1, Math.ceil(realMs / 1000)));

  const middleware: MiddlewareHandler<EmulatorEnv> = async (c, next) => {
    if (!limits) return next();
    const key = c.get("caller").principal.systemuserid;
    const u = usage.get(key) ?? { requests: [], active: 0 };
    usage.set(key, u);
    const now = Date.now();
    u.requests = u.requests.filter((r) => r.at > now - windowReal());
    const oldest = u.requests[0]?.at ?? now;
    const windowSeconds = limits.windowMs / 1000;
    if (u.requests.length >= limits.requests) {
      c.header("Retry-After", retryAfter(oldest + windowReal() - now));
      return odataError(
        c,
        429,
        ErrorCodes.RateLimitRequests,
        `Number of requests exceeded the limit of ${limits.requests} over time window of ${windowSeconds} seconds.`,
      );
    }
    const spent = u.requests.reduce((sum, r) => sum + r.emulatedMs, 0);
    if (spent >= limits.executionTimeMs) {
      c.header("Retry-After", retryAfter(oldest + windowReal() - now));
      return odataError(
        c,
        429,
        ErrorCodes.RateLimitTime,
        `Combined execution time of incoming requests exceeded limit of ${limits.executionTimeMs} milliseconds over time window of ${windowSeconds} seconds. Decrease number of concurrent requests or reduce the duration of requests and try again later.`,
      );
    }
    if (u.active >= limits.concurrent) {
      c.header("Retry-After", retryAfter(clock.toReal(1000)));
      return odataError(
        c,
        429,
        ErrorCodes.RateLimitConcurrency,
        `Number of concurrent requests exceeded the limit of ${limits.concurrent}.`,
      );
    }
    u.active += 1;
    try {
      await next();
      // Dataverse reports the remaining budget on every response; well-behaved clients slow down early.
      c.header(
        "x-ms-ratelimit-burst-remaining-xrm-requests",
        String(limits.requests - u.requests.length - 1),
      );
      c.header(
        "x-ms-ratelimit-time-remaining-xrm-requests",
        String(Math.max(0, limits.executionTimeMs - spent)),
      );
    } finally {
      u.active -= 1;
      u.requests.push({ at: Date.now(), emulatedMs: clock.emulatedSince(now) });
    }
  };
  return { middleware, reset: () => usage.clear() };
}
