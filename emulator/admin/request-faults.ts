import type { MiddlewareHandler } from "hono";
import type { EmulatorEnv } from "../context";
import type { Faults } from "./faults";
import { ErrorCodes, odataError } from "../web-api/odata-error";

/** How long an injected "timeout" holds a request before giving up with 504 (real ms). */
const HANG_LIMIT_MS = 120_000;

/**
 * Makes the next N matching requests fail: 429 (with Retry-After), 500, 503, or "timeout" (no answer
 * until the client gives up; 504 after two minutes). Admin routes are never affected.
 */
export function injectRequestFaults(faults: Faults): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    if (c.req.path.startsWith("/_emulator/")) return next();
    const fault = faults.takeRequestFault(c.get("routeKey"));
    if (!fault) return next();
    if (fault.status === "timeout") {
      const signal = c.req.raw.signal;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, HANG_LIMIT_MS);
        signal.addEventListener("abort", () => {
          clearTimeout(timer);
          resolve();
        });
      });
      return odataError(c, 504, ErrorCodes.Unexpected, "Injected timeout.");
    }
    if (fault.status === 429) {
      c.header("Retry-After", String(fault.retryAfterSeconds ?? 1));
      return odataError(
        c,
        429,
        ErrorCodes.RateLimitRequests,
        "Number of requests exceeded the limit (injected).",
      );
    }
    return odataError(c, fault.status, ErrorCodes.Unexpected, `Injected ${fault.status} failure.`);
  };
}
