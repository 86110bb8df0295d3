import { Hono } from "hono";
import type { EmulatorContext, EmulatorEnv } from "../context";
import { Status, type BackgroundOperation } from "../engine/operation";
import { ErrorCodes, odataError } from "./odata-error";
import { CANCEL_AFTER_TERMINAL, findOperation } from "./operation-access";

/** The status monitor body: codes, errors when present, outputs only once Succeeded. */
export function statusMonitorBody(op: BackgroundOperation): Record<string, unknown> {
  return {
    backgroundOperationStateCode: op.stateCode,
    backgroundOperationStatusCode: op.statusCode,
    ...(op.errorCode !== null
      ? { backgroundOperationErrorCode: op.errorCode, backgroundOperationErrorMessage: op.errorMessage }
      : {}),
    ...(op.statusCode === Status.Succeeded ? op.outputs : {}),
  };
}

/**
 * `/api/backgroundoperation/{id}`: not part of the OData Web API; GET and DELETE only
 * (docs/dataverse.md "Reading the status" and "Cancel").
 */
export function createStatusMonitorRoutes(ctx: EmulatorContext): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();
  app.get("/:id", (c) => {
    const found = findOperation(ctx, c, c.req.param("id"));
    return "response" in found ? found.response : c.json(statusMonitorBody(found.op));
  });
  app.delete("/:id", (c) => {
    const found = findOperation(ctx, c, c.req.param("id"));
    if ("response" in found) return found.response;
    if (ctx.queue.cancel(found.op) === "terminal")
      return odataError(c, 409, ErrorCodes.InvalidState, CANCEL_AFTER_TERMINAL);
    return c.json({ backgroundOperationStateCode: 2, backgroundOperationStatusCode: 22 });
  });
  app.all("/:id", (c) =>
    odataError(c, 405, ErrorCodes.NotSupported, "The status monitor resource supports only GET and DELETE."),
  );
  return app;
}
