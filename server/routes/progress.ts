import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import type { CallbackSigner } from "../callbacks/signing";
import type { Logger } from "../logger";
import { problems } from "../problem";
import type { ProgressBuffer } from "../progress/progress-buffer";
import { ProgressReportSchema } from "../progress/progress-report";
import { readSmallBody } from "./small-body";

/**
 * POST /callbacks/operations/{operationId}/progress?exp=&sig=: a running plug-in reports how far its
 * run has got (docs/plugin-progress.md). As for callbacks, the signature and expiry are checked
 * before a byte of the body is read; the body is tiny and read straight from the Node request.
 * 202: taken (stored within PROGRESS_INTERVAL_MS, or ignored when the operation has ended).
 */

const PROGRESS_BODY_LIMIT = 1024;

export function createProgressRoutes(d: { signer: CallbackSigner; buffer: ProgressBuffer; logger: Logger }) {
  const app = new Hono<AppEnv>();
  app.post(
    "/callbacks/operations/:operationId/progress",
    async (c, next) => {
      const check = d.signer.verifyProgress(
        c.req.param("operationId"),
        c.req.query("exp"),
        c.req.query("sig"),
      );
      if (!check.ok) {
        d.logger.warn({ requestId: c.get("requestId"), reason: check.reason }, "progress report rejected");
        throw problems.unauthorized(
          "The progress URL's signature is missing, invalid or expired.",
          'Signature realm="progress"',
        );
      }
      await next();
    },
    async (c) => {
      const text = await readSmallBody(c, PROGRESS_BODY_LIMIT);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw problems.badRequest('The body must be JSON such as {"done": 1200, "total": 4000}.');
      }
      const parsed = ProgressReportSchema.safeParse(body);
      if (!parsed.success)
        throw problems.badRequest(
          "The progress report is not valid.",
          parsed.error.issues.map((i) => ({ path: i.path.join(".") || "(body)", message: i.message })),
        );
      const taken = d.buffer.offer(c.req.param("operationId"), {
        done: parsed.data.done,
        total: parsed.data.total ?? null,
      });
      if (!taken.ok) throw problems.tooManyRequests(taken.retryAfterSeconds);
      return c.body(null, 202);
    },
  );
  return app;
}
