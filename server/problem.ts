import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * RFC 9457 problem details, and the catalog of every problem the API answers. Handlers throw a
 * `ProblemError` from `problems`; the single `app.onError` renders it (problem-json.ts), so every
 * error leaves the API in the same shape and nothing internal (stack, SQL, tokens) leaks.
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
  constructor(
    readonly problem: ProblemInit,
    options?: { cause?: unknown },
  ) {
    super(problem.detail ?? problem.title, options);
    this.name = "ProblemError";
  }
}

const problem = (init: ProblemInit, cause?: unknown) =>
  new ProblemError(init, cause === undefined ? undefined : { cause });

export const problems = {
  badRequest: (detail: string, errors?: { path: string; message: string }[]) =>
    problem({
      status: 400,
      type: "validation-failed",
      title: "The request is not valid",
      detail,
      extensions: errors ? { errors } : undefined,
    }),
  notFound: (detail = "No such resource, or you may not see it.") =>
    problem({ status: 404, type: "not-found", title: "Not found", detail }),
  methodNotAllowed: (methods: string[]) =>
    problem({
      status: 405,
      type: "method-not-allowed",
      title: "Method not allowed",
      detail: `This endpoint answers ${methods.join(", ")}.`,
      headers: { Allow: methods.join(", ") },
    }),
  forbidden: (detail: string) => problem({ status: 403, type: "forbidden", title: "Forbidden", detail }),
  conflict: (detail: string) =>
    problem({ status: 409, type: "conflict", title: "Conflicts with the current state", detail }),
  jobAlreadyActive: (jobId: string, detail: string) =>
    problem({
      status: 409,
      type: "job-already-active",
      title: "A job is already active for this record",
      detail,
      headers: { "Content-Location": `/api/jobs/${jobId}` },
      extensions: { activeJob: { id: jobId, href: `/api/jobs/${jobId}` } },
    }),
  unauthorized: (detail: string, wwwAuthenticate: string, cause?: unknown) =>
    problem(
      {
        status: 401,
        type: "unauthorized",
        title: "Authentication required",
        detail,
        headers: { "WWW-Authenticate": wwwAuthenticate },
      },
      cause,
    ),
  insufficientScope: (detail: string, wwwAuthenticate: string) =>
    problem({
      status: 403,
      type: "insufficient-scope",
      title: "Insufficient scope",
      detail,
      headers: { "WWW-Authenticate": wwwAuthenticate },
    }),
  hostNotAllowed: (host: string) =>
    problem({
      status: 421,
      type: "host-not-allowed",
      title: "Misdirected request",
      detail: `Without authentication this API only answers requests for a loopback host (127.0.0.1, localhost or [::1]), not ${JSON.stringify(host.slice(0, 100))}.`,
    }),
  tooManyStreams: (max: number) =>
    new ProblemError({
      status: 429,
      type: "too-many-streams",
      title: "Too many open event streams",
      detail: `You already have ${max} event streams open, the most one user may; close one (another tab or form) and try again.`,
    }),
  dataverseBudgetExceeded: (retryAfterSeconds: number) =>
    new ProblemError({
      status: 429,
      type: "dataverse-budget-exceeded",
      title: "Too many Dataverse calls",
      detail: `Your requests have used your share of Dataverse calls for now; try again in ${retryAfterSeconds} s.`,
      headers: { "Retry-After": String(retryAfterSeconds) },
    }),
  tooManyRequests: (retryAfterSeconds: number) =>
    problem({
      status: 429,
      type: "rate-limited",
      title: "Too many requests",
      detail: `Try again in ${retryAfterSeconds} s.`,
      headers: { "Retry-After": String(retryAfterSeconds) },
    }),
  bodyTooLarge: () => problem({ status: 413, type: "body-too-large", title: "Request body too large" }),
  idempotencyKeyReused: () =>
    problem({
      status: 422,
      type: "idempotency-key-reused",
      title: "Idempotency-Key already used for a different request",
      detail: "Send a new Idempotency-Key for a different job.",
    }),
  /** "Retry failed records" cannot run exactly the records that failed (failed-records.ts). */
  retryNotPossible: (detail: string) =>
    problem({
      status: 409,
      type: "retry-not-possible",
      title: "The failed records cannot be retried",
      detail,
    }),
  concurrentChange: (cause?: unknown) =>
    problem(
      { status: 409, type: "concurrent-change", title: "The job changed concurrently", detail: "Try again." },
      cause,
    ),
  notReady: (checks: Record<string, string | undefined>) =>
    problem({
      status: 503,
      type: "not-ready",
      title: "Not ready",
      detail: "A dependency is not reachable.",
      extensions: { checks },
    }),
  /** Dataverse answered with an error (or not at all: `upstreamStatus` null). */
  upstreamError: (
    e: {
      upstreamStatus: number | null;
      code: string | null;
      message: string;
      retryAfterSeconds: number | null;
    },
    cause?: unknown,
  ) =>
    problem(
      {
        status: 502,
        type: "upstream-error",
        title: "Dataverse refused or failed the request",
        detail: e.message,
        // Dataverse's throttling says when to come back: passed on as the header clients act on.
        ...(e.retryAfterSeconds ? { headers: { "Retry-After": String(e.retryAfterSeconds) } } : {}),
        extensions: {
          upstreamStatus: e.upstreamStatus,
          code: e.code,
          ...(e.retryAfterSeconds ? { retryAfter: e.retryAfterSeconds } : {}),
        },
      },
      cause,
    ),
  upstreamTimeout: (detail: string, cause?: unknown) =>
    problem(
      { status: 504, type: "upstream-timeout", title: "Dataverse did not answer in time", detail },
      cause,
    ),
  /** A client error Hono raised itself (malformed JSON and the like). */
  http: (status: ContentfulStatusCode, message: string) =>
    problem({ status, type: "http-" + status, title: message || "Request failed" }),
  internal: (cause?: unknown) =>
    problem(
      {
        status: 500,
        type: "internal",
        title: "Internal error",
        detail: "The request could not be completed.",
      },
      cause,
    ),
};
