import type { Job } from "./job";

/** Returns a bearer token, or null when the API runs without authentication. */
export type GetToken = () => Promise<string | null>;

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
  /** Absolute URL of a path on the API, with the headers every call carries (for the SSE stream). */
  request(path: string): Promise<{ url: string; headers: Record<string, string> }>;
}

/** An API answer other than 2xx; `detail` comes from the problem+json body when there is one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
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

  const request = async (path: string) => {
    const token = await getToken();
    const headers: Record<string, string> = {};
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    return { url: root + path, headers };
  };

  const call = async (method: string, path: string, body?: unknown, signal?: AbortSignal) => {
    const { url, headers } = await request(path);
    headers.Accept = "application/json";
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetchFn(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    if (!response.ok) throw new ApiError(response.status, await problemDetail(response));
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
    request,
  };
}

async function problemDetail(response: Response): Promise<string> {
  try {
    const problem = (await response.json()) as { detail?: unknown; title?: unknown };
    if (typeof problem.detail === "string" && problem.detail !== "") return problem.detail;
    if (typeof problem.title === "string") return problem.title;
  } catch {
    // Not JSON (a proxy's HTML error page, for instance): the status line is all we can say.
  }
  return `HTTP ${response.status} ${response.statusText}`.trim();
}
