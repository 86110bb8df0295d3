import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * RFC 9457 problem details. Handlers throw `ProblemError`; the single `app.onError` renders it, so
 * every error leaves the API in the same shape and nothing internal (stack, SQL, tokens) leaks.
 */

export interface ProblemInit {
  status: ContentfulStatusCode;
  /** Short kebab-case slug; becomes `type` as a tag URI below the API's problem namespace. */
  type: string;
  title: string;
  detail?: string;
  headers?: Record<string, string>;
  extensions?: Record<string, unknown>;
}

export const PROBLEM_TYPE_BASE = "https://bgsync.example/problems/";

export class ProblemError extends Error {
  constructor(readonly problem: ProblemInit) {
    super(problem.detail ?? problem.title);
    this.name = "ProblemError";
  }
}

export const problems = {
  badRequest: (detail: string, errors?: { path: string; message: string }[]) =>
    new ProblemError({
      status: 400,
      type: "validation-failed",
      title: "The request is not valid",
      detail,
      extensions: errors ? { errors } : undefined,
    }),
  notFound: (detail = "No such resource, or you may not see it.") =>
    new ProblemError({ status: 404, type: "not-found", title: "Not found", detail }),
  forbidden: (detail: string) =>
    new ProblemError({ status: 403, type: "forbidden", title: "Forbidden", detail }),
  conflict: (detail: string) =>
    new ProblemError({ status: 409, type: "conflict", title: "Conflicts with the current state", detail }),
  unauthorized: (detail: string, wwwAuthenticate: string) =>
    new ProblemError({
      status: 401,
      type: "unauthorized",
      title: "Authentication required",
      detail,
      headers: { "WWW-Authenticate": wwwAuthenticate },
    }),
  tooManyRequests: (retryAfterSeconds: number) =>
    new ProblemError({
      status: 429,
      type: "rate-limited",
      title: "Too many requests",
      detail: `Try again in ${retryAfterSeconds} s.`,
      headers: { "Retry-After": String(retryAfterSeconds) },
    }),
};

export function problemResponse(c: Context, p: ProblemInit): Response {
  const body = {
    type: PROBLEM_TYPE_BASE + p.type,
    title: p.title,
    status: p.status,
    detail: p.detail ?? p.title,
    instance: new URL(c.req.url).pathname,
    requestId: c.get("requestId") as string | undefined,
    ...p.extensions,
  };
  return c.body(JSON.stringify(body), p.status, {
    ...p.headers,
    "Content-Type": "application/problem+json",
  });
}
