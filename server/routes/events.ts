import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import type { JobAccess } from "../auth/job-access";
import type { Clock } from "../clock";
import type { EventHub } from "../events/hub";
import { forgetHeaders } from "../events/forget-headers";
import { streamJob } from "../events/viewer-stream";
import { nodeSink, webSink } from "../events/sse-sink";
import { createStreamSlots } from "../events/stream-slots";
import { problems } from "../problem";
import type { Store } from "../store/store";
import { IdParam } from "./id-param";
import { validationHook } from "./validation-hook";

/**
 * GET /api/jobs/{id}/events: the job over Server-Sent Events. `X-Accel-Buffering: no` keeps
 * nginx-style proxies from holding frames back; every frame is flushed as it is written. The
 * stream ends when the access token that opened it expires: a person whose access was revoked
 * must not keep receiving the job, and the client reconnects with a new token.
 */

export function createEventRoutes(d: {
  store: Store;
  hub: EventHub;
  access: JobAccess;
  clock: Clock;
  maxStreamsPerUser: number;
}) {
  const app = new Hono<AppEnv>();
  const slots = createStreamSlots(d.maxStreamsPerUser);
  // The id is checked as on every other `{id}` route: not a UUID is the same 400, not a 404.
  app.get("/api/jobs/:id/events", zValidator("param", IdParam, validationHook), async (c) => {
    const { id } = c.req.valid("param");
    const principal = c.get("principal");
    const { expiresAt } = principal;
    const endAfterMs = expiresAt === undefined ? undefined : expiresAt - d.clock.now();
    // Accepted within the clock skew, but a stream would end at once: ask for a fresh token instead.
    if (endAfterMs !== undefined && endAfterMs <= 0)
      throw problems.unauthorized(
        "The token has expired.",
        'Bearer realm="bgsync", error="invalid_token", error_description="The token has expired."',
      );
    const job = await d.store.getJob(id);
    if (!job || !(await d.access.canView(principal, job))) throw problems.notFound();
    const latest = await d.store.latestEvent(id);
    const header = c.req.header("Last-Event-ID");
    const claimed = header && /^\d{1,15}$/.test(header) ? Number(header) : null;
    // An id past the job's last event was never sent for this job (another job's, or the store was
    // restored from a backup): treated as unknown, so the viewer gets the whole job again instead of
    // waiting, silent, for events numbered above it.
    const lastEventId = claimed !== null && latest && claimed <= latest.seq ? claimed : null;

    // Nothing left to send and nothing will come: 204 tells EventSource to stop reconnecting.
    if (latest?.terminal && lastEventId !== null && lastEventId >= latest.seq) return c.body(null, 204);

    const release = slots.acquire(principal.objectId);
    if (!release) throw problems.tooManyStreams(d.maxStreamsPerUser);
    const headers = new Headers(c.res.headers);
    headers.set("Content-Type", "text/event-stream; charset=utf-8");
    headers.set("Cache-Control", "no-cache, no-transform");
    headers.set("X-Accel-Buffering", "no");
    headers.set("X-Content-Type-Options", "nosniff");
    const outgoing = c.env?.outgoing;
    const web = outgoing ? null : webSink();
    const sink = outgoing ? nodeSink(outgoing, headers) : web!.sink;
    // Whoever closes the stream (the viewer, the terminal event, a shutdown) frees the slot.
    sink.onClose(release);
    try {
      await streamJob({ jobId: id, lastEventId, endAfterMs, store: d.store, hub: d.hub, sink });
    } catch (error) {
      release();
      throw error;
    }
    if (outgoing) forgetHeaders(c.req.raw);
    return web ? new Response(web.body, { status: 200, headers }) : RESPONSE_ALREADY_SENT;
  });
  return app;
}
