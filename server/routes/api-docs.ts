import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { swaggerUI } from "@hono/swagger-ui";
import { Hono, type MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";

/**
 * GET /docs: Swagger UI over /openapi.json. Its script and styles come from swagger-ui-dist,
 * served here rather than from a CDN: the page works on a machine without internet, and the
 * browser runs no script this server did not ship.
 */
const ASSETS = "/docs/assets";

export function createApiDocsRoutes() {
  const dist = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  const app = new Hono<AppEnv>();
  // Set before the file is served: serveStatic builds its response from the headers set so far.
  const cache: MiddlewareHandler = async (c, next) => {
    c.header("Cache-Control", "public, max-age=86400");
    await next();
  };
  for (const file of ["swagger-ui.css", "swagger-ui-bundle.js"])
    app.get(`${ASSETS}/swagger-ui-dist/${file}`, cache, serveStatic({ path: join(dist, file) }));
  app.get("/docs", swaggerUI({ url: "/openapi.json", baseUrl: ASSETS }));
  return app;
}
