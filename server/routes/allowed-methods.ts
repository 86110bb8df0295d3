import type { Hono } from "hono";

interface Route {
  pattern: RegExp;
  method: string;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A Hono path (`/api/jobs/:id/events`, `/static/*`) as a whole-path pattern. */
const toPattern = (path: string) =>
  new RegExp(
    `^${path
      .split("/")
      .map((part) => (part.startsWith(":") ? "[^/]+" : part === "*" ? ".*" : escape(part)))
      .join("/")}/?$`,
  );

/**
 * The methods `app` answers at a path, for the 405 and `Allow` header (RFC 9110, 15.5.6) a request
 * gets when the path exists under other methods; Hono's own answer to a wrong method is a 404. Read
 * from the app's routes on first use, once every route is on it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function allowedMethods(app: Hono<any>): (path: string) => string[] {
  let routes: Route[] | undefined;
  return (path) => {
    routes ??= app.routes
      .filter((r) => r.method !== "ALL")
      .map((r) => ({ pattern: toPattern(r.path), method: r.method }));
    const methods = new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method));
    if (methods.has("GET")) methods.add("HEAD");
    return [...methods].sort();
  };
}
