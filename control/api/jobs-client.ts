import { SignInRequiredError } from "../auth/token-provider";
import type { FailedRecord, Job } from "./job";
import type { ScheduleSummary } from "./schedule-summary";

/**
 * Returns a bearer token, or null when the API runs without authentication; `forceRefresh` when
 * the API refused the last one.
 */
export type GetToken = (options?: { forceRefresh?: boolean }) => Promise<string | null>;

export interface StartJobRequest {
  customApi: string;
  parameters: Record<string, unknown>;
  target: { entity: string; id: string };
}

export interface JobsClient {
  start: (request: StartJobRequest, signal?: AbortSignal) => Promise<Job>;
  get: (id: string, signal?: AbortSignal) => Promise<Job>;
  list: (target: { entity: string; id: string; limit: number }, signal?: AbortSignal) => Promise<Job[]>;
  cancel: (id: string, signal?: AbortSignal) => Promise<Job>;
  resume: (id: string, signal?: AbortSignal) => Promise<Job>;
  scheduleSummary: (target: { entity: string; id: string }, signal?: AbortSignal) => Promise<ScheduleSummary>;
  /** GET /api/jobs/{id}/failures: the records the job's batches reported failed, with reasons. */
  failures: (id: string, signal?: AbortSignal) => Promise<FailuresPage>;
  /** POST /api/jobs/{id}/retry-failed: a new job that runs only those records. */
  retryFailed: (id: string, signal?: AbortSignal) => Promise<Job>;
  /**
   * A request to a path on the API with the bearer token (for the SSE stream); a 401 is retried
   * once with a new token. The caller checks `ok` and turns a failure into an error with `failureOf`.
   */
  send(path: string, init: RequestInit & { headers: Record<string, string> }): Promise<Response>;
}

export interface FailuresPage {
  items: FailedRecord[];
  failed: number;
  dropped: number;
  retryable: boolean;
}

/** An API answer other than 2xx; `detail` comes from the problem+json body when there is one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    /** Each invalid input the API named (problem+json `errors`), as "path: message". */
    readonly errors: string[] = [],
    /** Retry-After in seconds (429, 503), when the API said it. */
    readonly retryAfterSeconds: number | null = null,
    /** The job that is already active for the record (409 job-already-active), to follow instead. */
    readonly activeJobId: string | null = null,
  ) {
    super(detail);
    this.name = "ApiError";
  }
}

export function createJobsClient(
  baseUrl: string,
  getToken: GetToken,
  fetchFn: typeof fetch = fetch,
): JobsClient {
  const root = baseUrl.replace(/\/+$/, "");

  const send: JobsClient["send"] = async (path, init) => {
    const attempt = async (forceRefresh: boolean) => {
      const token = await getToken({ forceRefresh });
      const headers = token === null ? init.headers : { ...init.headers, Authorization: `Bearer ${token}` };
      return fetchFn(root + path, { ...init, headers });
    };
    const response = await attempt(false);
    // The token looked valid here but not to the API (revoked, clocks apart): one more, fresh one.
    return response.status === 401 ? attempt(true) : response;
  };

  const call = async (method: string, path: string, body?: unknown, signal?: AbortSignal) => {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await send(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    if (!response.ok) throw await failureOf(response);
    return (await response.json()) as unknown;
  };

  return {
    start: async (req, signal) => (await call("POST", "/api/jobs", req, signal)) as Job,
    get: async (id, signal) =>
      (await call("GET", `/api/jobs/${encodeURIComponent(id)}`, undefined, signal)) as Job,
    list: async ({ entity, id, limit }, signal) => {
      const query = new URLSearchParams({ entity, id, limit: String(limit) });
      const page = (await call("GET", `/api/jobs?${query.toString()}`, undefined, signal)) as {
        items: Job[];
      };
      return page.items;
    },
    cancel: async (id, signal) =>
      (await call("POST", `/api/jobs/${encodeURIComponent(id)}/cancel`, undefined, signal)) as Job,
    resume: async (id, signal) =>
      (await call("POST", `/api/jobs/${encodeURIComponent(id)}/resume`, undefined, signal)) as Job,
    scheduleSummary: async ({ entity, id }, signal) => {
      const query = new URLSearchParams({ entity, id });
      return (await call(
        "GET",
        `/api/schedules/summary?${query.toString()}`,
        undefined,
        signal,
      )) as ScheduleSummary;
    },
    failures: async (id, signal) =>
      (await call("GET", `/api/jobs/${encodeURIComponent(id)}/failures`, undefined, signal)) as FailuresPage,
    retryFailed: async (id, signal) =>
      (await call("POST", `/api/jobs/${encodeURIComponent(id)}/retry-failed`, undefined, signal)) as Job,
    send,
  };
}

/**
 * The error for an API answer other than 2xx. A token the API refuses (401 even after a fresh one;
 * 403 for a missing scope) is a sign-in problem the user must see as such, not a failed request.
 */
export async function failureOf(response: Response): Promise<Error> {
  const { detail, type, errors, activeJobId } = await readProblem(response);
  const retryAfter = Number(response.headers.get("Retry-After") ?? "");
  const error = new ApiError(
    response.status,
    detail,
    errors,
    Number.isInteger(retryAfter) && retryAfter > 0 ? retryAfter : null,
    activeJobId,
  );
  if (response.status === 401 || (response.status === 403 && type.endsWith("/insufficient-scope")))
    return new SignInRequiredError(error, "refused");
  return error;
}

interface Problem {
  detail: string;
  type: string;
  errors: string[];
  activeJobId: string | null;
}

async function readProblem(response: Response): Promise<Problem> {
  const statusLine = `HTTP ${response.status} ${response.statusText}`.trim();
  try {
    const problem = (await response.json()) as Record<string, unknown>;
    const active = problem.activeJob as { id?: unknown } | null | undefined;
    return {
      detail:
        typeof problem.detail === "string" && problem.detail !== ""
          ? problem.detail
          : typeof problem.title === "string"
            ? problem.title
            : statusLine,
      type: typeof problem.type === "string" ? problem.type : "",
      errors: Array.isArray(problem.errors) ? problem.errors.flatMap(errorText) : [],
      activeJobId: typeof active?.id === "string" ? active.id : null,
    };
  } catch {
    // Not JSON (a proxy's HTML error page, for instance): the status line is all we can say.
    return { detail: statusLine, type: "", errors: [], activeJobId: null };
  }
}

function errorText(item: unknown): string[] {
  if (item === null || typeof item !== "object") return [];
  const { path, message } = item as { path?: unknown; message?: unknown };
  if (typeof message !== "string") return [];
  return [typeof path === "string" && path !== "" ? `${path}: ${message}` : message];
}
