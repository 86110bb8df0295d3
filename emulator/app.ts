import { Hono } from "hono";
import type { EmulatorContext, EmulatorEnv } from "./context";
import { countRequests } from "./admin/counters";
import { injectRequestFaults } from "./admin/request-faults";
import { createAdminRoutes } from "./admin/routes";
import { createErpRoutes } from "./erp/erp-routes";
import { createFlowTriggerRoutes } from "./flow/flow-trigger";
import { authenticate } from "./identity/authenticate";
import { createAuthorizeRoutes } from "./identity/authorize-routes";
import { createTokenRoutes } from "./identity/token-routes";
import { createFormHostRoutes } from "./static/form-host-routes";
import { ErrorCodes, odataError } from "./web-api/odata-error";
import { createWebApiRoutes } from "./web-api/routes";
import { createStatusMonitorRoutes } from "./web-api/status-monitor";

/** The emulator's one Hono app: Dataverse (Web API, status monitor), Entra, the ERP, the form host. */
export function createEmulatorApp(ctx: EmulatorContext): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();
  app.use("*", countRequests(ctx.counters));
  app.use("*", injectRequestFaults(ctx.faults));
  if (ctx.options.mode !== "strict") app.route("/_emulator", createAdminRoutes(ctx));

  app.use("/api/data/v9.2/*", async (c, next) => {
    await next();
    // Set on the answer's own headers: c.header() on a finished answer copies it into a new one
    // whose body is a stream, which @hono/node-server then pumps chunk by chunk (a third of a read's time).
    const headers = c.res.headers;
    headers.set("OData-Version", "4.0");
    // Dataverse names the metadata level in every JSON answer of the Web API.
    if (headers.get("content-type")?.startsWith("application/json"))
      headers.set("Content-Type", "application/json; odata.metadata=minimal");
  });
  for (const prefix of ["/api/data/v9.2/*", "/api/backgroundoperation/*"]) {
    app.use(prefix, authenticate(ctx), ctx.throttle.middleware);
  }
  app.route("/api/data/v9.2", createWebApiRoutes(ctx));
  app.route("/api/backgroundoperation", createStatusMonitorRoutes(ctx));
  app.route("/erp/v1", createErpRoutes(ctx.erp, ctx.faults, ctx.clock));
  app.route("/workflows", createFlowTriggerRoutes(ctx.flowRuns));
  app.route("/", createFormHostRoutes(ctx));
  app.route("/", createTokenRoutes(ctx));
  app.route("/", createAuthorizeRoutes(ctx));

  app.notFound((c) =>
    c.req.path.startsWith("/api/")
      ? odataError(c, 404, ErrorCodes.ResourceNotFound, `Resource not found for the segment '${c.req.path}'.`)
      : c.text("Not found", 404),
  );
  app.onError((error, c) => {
    console.error("emulator: unhandled error", error);
    return odataError(c, 500, ErrorCodes.Unexpected, "An unexpected error occurred.");
  });
  return app;
}
