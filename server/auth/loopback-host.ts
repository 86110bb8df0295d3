import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";
import { isLoopbackHost } from "../loopback";
import { problems } from "../problem";

/**
 * DNS rebinding guard for AUTH_MODE=none. Config already keeps that mode to a loopback listener, but
 * a page on attacker.example whose name the attacker re-points at 127.0.0.1 reaches that listener
 * from the victim's browser, same-origin to itself, so CORS never applies. Its requests still name
 * the attacker's host in `Host`: anything that is not 127.0.0.0/8, localhost or [::1] (any port) is
 * refused with 421 Misdirected Request (RFC 9110, 15.5.20: this server gives no authoritative
 * answer for that host), before any route runs.
 */
export function hostnameOf(hostHeader: string): string | null {
  try {
    return new URL(`http://${hostHeader}`).hostname.replace(/^\[(.*)\]$/, "$1");
  } catch {
    return null;
  }
}

export function requireLoopbackHost(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const host = c.req.header("host") ?? new URL(c.req.url).host;
    const hostname = hostnameOf(host);
    if (hostname === null || !isLoopbackHost(hostname)) throw problems.hostNotAllowed(host);
    await next();
  };
}
