import type { MiddlewareHandler } from "hono";
import type { EmulatorEnv } from "../context";

/** Route templates for paths with ids, so counters group requests the way tests name them. */
const TEMPLATES: [RegExp, string][] = [
  [/^\/api\/backgroundoperation\/[^/]+$/, "/api/backgroundoperation/:id"],
  [/^(\/api\/data\/v9\.2\/\w+)\([^)]*\)(\/.*)?$/, "$1(:id)$2"],
  [/^\/erp\/v1\/customers\/[^/]+$/, "/erp/v1/customers/:id"],
  [
    /^\/[^/]+\/(oauth2\/v2\.0\/token|v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys)$/,
    "/:tenant/$1",
  ],
  [/^\/(form-host|control|vendor)\/.+$/, "/$1/*"],
];

/** "METHOD /template" for a request, e.g. "GET /api/backgroundoperation/:id". */
export function routeKey(method: string, path: string): string {
  for (const [pattern, template] of TEMPLATES)
    if (pattern.test(path)) return `${method} ${path.replace(pattern, template)}`;
  return `${method} ${path}`;
}

export interface Counters {
  count(key: string): void;
  snapshot(): { total: number; byRoute: Record<string, number> };
  reset(): void;
}

export function createCounters(): Counters {
  let byRoute = new Map<string, number>();
  return {
    count: (key) => void byRoute.set(key, (byRoute.get(key) ?? 0) + 1),
    snapshot() {
      const entries = [...byRoute.entries()].sort(([a], [b]) => a.localeCompare(b));
      return { total: entries.reduce((sum, [, n]) => sum + n, 0), byRoute: Object.fromEntries(entries) };
    },
    reset: () => void (byRoute = new Map()),
  };
}

/** Counts every request except the admin API's own, so tests can count Dataverse calls exactly. */
export function countRequests(counters: Counters): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    const key = routeKey(c.req.method, c.req.path);
    c.set("routeKey", key);
    if (!c.req.path.startsWith("/_emulator/")) counters.count(key);
    await next();
  };
}
