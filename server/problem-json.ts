import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { PROBLEM_TYPE_BASE, type ProblemInit } from "./problem";

/** How a problem (problem.ts) leaves the API: its RFC 9457 body, its OpenAPI schema, its response. */

/** The problem+json body as the OpenAPI document describes it. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    // The members some problems add (RFC 9457 extensions), as `problems` above sets them.
    activeJob: z.object({ id: z.string(), href: z.string() }).optional(),
    upstreamStatus: z.number().int().nullable().optional(),
    code: z.string().nullable().optional(),
    retryAfter: z.number().int().optional(),
    checks: z.record(z.string(), z.string()).optional(),
  })
  .openapi("Problem");

/** An OpenAPI response entry for a problem. */
export const problemDoc = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

const problemBody = (p: ProblemInit, instance?: string, requestId?: string) =>
  JSON.stringify({
    type: PROBLEM_TYPE_BASE + p.type,
    title: p.title,
    status: p.status,
    detail: p.detail ?? p.title,
    instance,
    requestId,
    ...p.extensions,
  });

export function problemResponse(c: Context, p: ProblemInit): Response {
  const requestId: string | undefined = c.get("requestId");
  const body = problemBody(p, new URL(c.req.url).pathname, requestId);
  return c.body(body, p.status, { ...p.headers, "Content-Type": "application/problem+json" });
}

/** A problem answered before the app has a request (no path it could name, no request id). */
export function bareProblemResponse(p: ProblemInit): Response {
  return new Response(problemBody(p), {
    status: p.status,
    headers: { ...p.headers, "Content-Type": "application/problem+json" },
  });
}
