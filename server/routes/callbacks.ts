import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import type { CallbackSigner } from "../callbacks/signing";
import type { Engine } from "../jobs/engine";
import { State, Status } from "../jobs/operation-state";
import type { Logger } from "../logger";
import type { Metrics } from "../metrics";
import { problems } from "../problem";
import { readSmallBody } from "./small-body";

/**
 * POST /callbacks/operations/{operationId}?exp=&sig=: Dataverse's "operation ended" notice.
 * The signature is checked before a byte of the body is read. The body is only a hint (it carries
 * no outputs and is not signed): the operation's row is read for the truth, and the engine applies
 * it idempotently, so duplicates, replays and reordered callbacks change nothing twice.
 */

const CALLBACK_BODY_LIMIT = 16 * 1024;

export function createCallbackRoutes(d: {
  signer: CallbackSigner;
  engine: Engine;
  metrics: Metrics;
  logger: Logger;
}) {
  const app = new Hono<AppEnv>();
  app.post(
    "/callbacks/operations/:operationId",
    async (c, next) => {
      const check = d.signer.verify(c.req.param("operationId"), c.req.query("exp"), c.req.query("sig"));
      if (!check.ok) {
        d.metrics.callbacks.inc({ outcome: "rejected" });
        d.logger.warn({ requestId: c.get("requestId"), reason: check.reason }, "callback rejected");
        throw problems.unauthorized(
          "The callback URL's signature is missing, invalid or expired.",
          'Signature realm="callbacks"',
        );
      }
      await next();
    },
    async (c) => {
      const body = parse(await readSmallBody(c, CALLBACK_BODY_LIMIT));
      const hint = typeof body?.backgroundOperationId === "string" ? body.backgroundOperationId : undefined;
      // Only decides whether a read may come sooner than the polling floor; the row has the truth.
      const claimsTerminal =
        body?.backgroundOperationStateCode === State.Completed ||
        [Status.Succeeded, Status.Failed, Status.Canceled].some(
          (s) => s === body?.backgroundOperationStatusCode,
        );
      const outcome = await d.engine.observe(c.req.param("operationId"), {
        backgroundOperationId: hint,
        claimsTerminal,
      });
      d.metrics.callbacks.inc({ outcome });
      if (outcome === "unknown") throw problems.notFound("No such operation.");
      return c.body(null, 204);
    },
  );
  return app;
}

type CallbackBody = {
  backgroundOperationId?: unknown;
  backgroundOperationStateCode?: unknown;
  backgroundOperationStatusCode?: unknown;
} | null;

function parse(text: string): CallbackBody {
  try {
    return JSON.parse(text) as CallbackBody;
  } catch {
    return null;
  }
}
