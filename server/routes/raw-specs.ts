import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import { problemDoc as problem } from "../problem-json";
import { IdParam } from "./id-param";
import { ProgressReportSchema } from "../progress/progress-report";

/**
 * OpenAPI entries for the routes that do not go through zod-openapi handlers: the SSE stream writes
 * to the socket itself, and the callback must check its signature before any body parsing.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function documentRawRoutes(app: OpenAPIHono<any>) {
  const r = app.openAPIRegistry;
  r.registerPath({
    method: "get",
    path: "/api/jobs/{id}/events",
    summary: "The job as Server-Sent Events",
    description:
      "The first frame is `id: <seq>\\nevent: job\\ndata: <Job JSON>\\n\\n`, the whole job; each later " +
      'one is `event: change` with `{"job": {<changed fields>}, "operations": [<operations written>]}`, ' +
      "applied on top (fields replaced, operations replaced or added by `batch`). Send `Last-Event-ID` " +
      "to receive exactly the changes after it. A `: ping` comment keeps an idle stream open (every " +
      "SSE_HEARTBEAT_SECONDS, 15 by default). The stream ends after the terminal event, and when the " +
      "access token that opened it expires (reconnect with a new one); 204 when a reconnect has " +
      "nothing left to receive.",
    security: [{ bearer: [] }],
    request: {
      params: IdParam,
      headers: z.object({ "last-event-id": z.string().optional() }),
    },
    responses: {
      200: { description: "Event stream", content: { "text/event-stream": { schema: z.string() } } },
      204: { description: "The job ended and the client has every event" },
      400: problem("The id is not a UUID"),
      401: problem("Not authenticated"),
      404: problem("No such job, or not yours to see"),
      429: problem("The caller already has SSE_MAX_STREAMS_PER_USER streams open"),
    },
  });
  r.registerPath({
    method: "post",
    path: "/callbacks/operations/{operationId}",
    summary: "Dataverse's background-operation callback (signed URL)",
    request: {
      params: z.object({ operationId: z.uuid() }),
      query: z.object({ exp: z.string(), sig: z.string() }),
    },
    responses: {
      204: { description: "Applied, or already known" },
      401: problem("Missing, invalid or expired signature"),
      404: problem("Unknown operation"),
      413: problem("Body over 16 KB"),
      502: problem("The background operation could not be read"),
    },
  });
  r.registerPath({
    method: "post",
    path: "/callbacks/operations/{operationId}/progress",
    summary: "A running plug-in's progress within its batch (signed URL, the Custom API's ProgressUrl input)",
    description:
      'Body `{"done": <records this run finished>, "total": <records in the whole sync, optional>}`, ' +
      "at most 1 KB. Merged per batch (highest done wins) and stored at most once per PROGRESS_INTERVAL_MS; " +
      "ignored once the batch ended. See docs/plugin-progress.md.",
    request: {
      params: z.object({ operationId: z.uuid() }),
      query: z.object({ exp: z.string(), sig: z.string() }),
      body: { content: { "application/json": { schema: ProgressReportSchema } } },
    },
    responses: {
      202: { description: "Taken (or ignored: the batch has ended)" },
      400: problem("Not a valid progress report"),
      401: problem("Missing, invalid or expired signature"),
      413: problem("Body over 1 KB"),
      429: problem("More than 10 reports a second for this batch; see Retry-After"),
    },
  });
  const text = (description: string) => ({ description, content: { "text/plain": { schema: z.string() } } });
  const json = (description: string, schema: z.ZodType) => ({
    description,
    content: { "application/json": { schema } },
  });
  r.registerPath({
    method: "get",
    path: "/healthz",
    summary: "Liveness",
    responses: { 200: json("The process answers", z.object({ status: z.literal("ok") })) },
  });
  r.registerPath({
    method: "get",
    path: "/readyz",
    summary: "Readiness: store and Dataverse token reachable",
    responses: {
      200: json(
        "Ready",
        z.object({ status: z.literal("ready"), store: z.literal("ok"), dataverse: z.literal("ok") }),
      ),
      503: problem("Not ready; `checks` says which of store and dataverse is failing"),
    },
  });
  r.registerPath({
    method: "get",
    path: "/metrics",
    summary: "Prometheus metrics",
    responses: { 200: text("Prometheus text exposition format") },
  });
}
