import type { Context, MiddlewareHandler } from "hono";
import type { EmulatorEnv } from "../context";
import type { Faults, RequestFault } from "./faults";
import { ErrorCodes, odataError } from "../web-api/odata-error";

/** How long an injected "timeout" holds a request before giving up with 504 (real ms). */
const HANG_LIMIT_MS = 120_000;

/** Holds the request until the client gives up (or HANG_LIMIT_MS), like a server that never answers. */
function hang(signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, HANG_LIMIT_MS);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function faultResponse(c: Context<EmulatorEnv>, fault: RequestFault): Response {
  if (fault.status === "timeout") return odataError(c, 504, ErrorCodes.Unexpected, "Injected timeout.");
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
}

/** Replaces a served answer whole: its headers name the operation, which a lost answer would not. */
function lostAnswer(fault: RequestFault): Response {
  const status = fault.status === "timeout" ? 504 : fault.status;
  const error = { code: ErrorCodes.Unexpected, message: `Injected ${status} after serving the request.` };
  return new Response(JSON.stringify({ error }), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8" },
  });
}

/**
 * Makes the next N matching requests fail: 429 (with Retry-After), 500, 503, or "timeout" (no answer
 * until the client gives up; 504 after two minutes). A `served` fault lets the request do its work
 * first and only replaces the answer. Admin routes are never affected.
 */
export function injectRequestFaults(faults: Faults): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    if (c.req.path.startsWith("/_emulator/")) return next();
    const fault = faults.takeRequestFault(c.get("routeKey"));
    if (!fault) return next();
    if (!fault.served) {
      if (fault.status === "timeout") await hang(c.req.raw.signal);
      return faultResponse(c, fault);
    }
    await next();
    if (fault.status === "timeout") await hang(c.req.raw.signal);
    // Assigning over a response merges its headers in: clear it first.
    c.res = undefined;
    c.res = lostAnswer(fault);
  };
}
