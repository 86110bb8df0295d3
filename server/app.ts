import { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import type { JWTVerifyGetKey } from "jose";
import type { AppEnv } from "./app-env";
import { createAuthenticator } from "./auth/authenticate";
import { requireLoopbackHost } from "./auth/loopback-host";
import { createErrorHandler } from "./error-handler";
import { createErasureRoutes } from "./lifecycle/erasure-routes";
import type { Logger } from "./logger";
import { createNotificationRoutes } from "./notify/routes";
import { problems } from "./problem";
import { problemResponse } from "./problem-json";
import { allowedMethods } from "./routes/allowed-methods";
import { createApiDocsRoutes } from "./routes/api-docs";
import { createCallbackRoutes } from "./routes/callbacks";
import { createEventRoutes } from "./routes/events";
import { createFailureRoutes } from "./routes/failures";
import { createJobRoutes } from "./routes/jobs";
import { createOpsRoutes } from "./routes/ops";
import { createScheduleRoutes } from "./schedules/routes";
import { createProgressRoutes } from "./routes/progress";
import { documentRawRoutes } from "./routes/raw-specs";
import type { ServiceDeps, Services } from "./services";
import { VERSION } from "./version";

export interface AppDeps extends ServiceDeps {
  /** The job machinery, built once by the caller: the reconciler shares its engine and event hub. */
  services: Services;
  /** Key source for access tokens; defaults to the configured JWKS URL. */
  jwks?: JWTVerifyGetKey;
}

/** Logs one line per request: ids and outcome only, never the query string (callback signatures). */
const accessLog =
  (logger: Logger): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const started = performance.now();
    await next();
    // Skipped whole when silent: the path alone is a URL parse on every request.
    if (!logger.isLevelEnabled("info")) return;
    logger.info(
      {
        requestId: c.get("requestId"),
        method: c.req.method,
        path: new URL(c.req.url).pathname,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
        user: c.get("principal")?.objectId,
      },
      "request",
    );
  };

export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { config, store, dataverse, clock, logger, metrics, services: s } = deps;

  const app = new OpenAPIHono<AppEnv>();
  app.onError(createErrorHandler(logger));
  const allowed = allowedMethods(app);
  app.notFound((c) => {
    const methods = allowed(c.req.path);
    const problem = methods.length
      ? problems.methodNotAllowed(methods)
      : problems.notFound("No such endpoint.");
    return problemResponse(c, problem.problem);
  });
  app.use(requestId());
  if (config.auth.mode === "none") app.use(requireLoopbackHost());
  app.use(accessLog(logger));
  app.use(secureHeaders());
  app.use(
    "/api/*",
    cors({
      origin: config.allowedOrigins,
      allowMethods: ["GET", "POST", "PATCH", "DELETE", "OPTIONS"],
      allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "Last-Event-ID", "X-Request-Id"],
      exposeHeaders: ["Location", "Content-Location", "Retry-After", "X-Request-Id"],
      maxAge: 600,
    }),
  );
  app.use("/api/*", async (c, next) => {
    await next();
    c.header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  });

  app.route("/", createOpsRoutes({ store, dataverse, metrics }));
  app.route("/", createCallbackRoutes({ signer: s.signer, engine: s.engine, metrics, logger }));
  app.route("/", createProgressRoutes({ signer: s.signer, buffer: s.progress, logger }));

  const limitBody = bodyLimit({
    maxSize: config.jobs.maxBodyBytes,
    onError: () => {
      throw problems.bodyTooLarge();
    },
  });
  // Asking a GET for its body makes @hono/node-server build a whole web Request and AbortController,
  // which an open event stream then keeps for its life: only requests that carry a body are limited.
  const limitBodies: MiddlewareHandler<AppEnv> = (c, next) =>
    c.req.method === "GET" ? next() : limitBody(c, next);
  app.use("/api/*", limitBodies);
  app.use("/api/*", createAuthenticator(config.auth, { getKey: deps.jwks, now: () => clock.now() }));
  app.use("/api/*", s.budget.middleware());
  const rateLimit = s.coordination.rateLimiter({ perMinute: config.jobs.rateLimitPerMinute, clock });
  app.route(
    "/",
    createEventRoutes({
      store,
      hub: s.hub,
      access: s.access,
      clock,
      maxStreamsPerUser: config.sseMaxStreamsPerUser,
    }),
  );
  app.route("/", createJobRoutes({ store, commands: s.commands, access: s.access, rateLimit, metrics }));
  app.route(
    "/",
    createFailureRoutes({
      store,
      commands: s.commands,
      catalog: s.catalog,
      access: s.access,
      rateLimit,
      metrics,
    }),
  );
  app.route("/", createNotificationRoutes({ store, adminRole: config.auth.adminRole, clock, logger }));
  app.route("/", createErasureRoutes({ store, adminRole: config.auth.adminRole, logger }));
  app.route(
    "/",
    createScheduleRoutes({
      store,
      clock,
      logger,
      adminRole: config.auth.adminRole,
      runSchedule: s.runSchedule,
      catalog: s.catalog,
      dataverse,
      access: s.access,
      allowedCustomApis: config.allowedCustomApis,
      allowedUrlOrigins: config.allowedUrlOrigins,
    }),
  );

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  documentRawRoutes(app);
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Background Sync API",
      version: VERSION,
      description: "Jobs that run Dataverse Custom APIs as background operations.",
    },
  });
  app.route("/", createApiDocsRoutes());
  return app;
}
