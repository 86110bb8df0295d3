import { vi, type Mock } from "vitest";
import { isTerminal, type FailedRecord, type Job } from "../../control/api/job";
import type { JobChange } from "../../control/api/job-change";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  signal: AbortSignal | undefined;
}

/** Answers a request instead of the fake's default behaviour, or returns undefined to let it through. */
export type Override = (request: RecordedRequest) => Response | Promise<Response | undefined> | undefined;

export interface FakeApi {
  fetch: Mock<typeof fetch>;
  requests: RecordedRequest[];
  jobs: Map<string, Job>;
  /** Stores a new version of the job and sends it to every open stream (closing them if terminal). */
  publish(job: Job): void;
  /** Ends every open stream without a terminal frame, as a dropped connection does. */
  dropStreams(): void;
  openStreams(): number;
  override(handler: Override): void;
  /** What GET /api/jobs/{id}/failures answers, by job id (404 when absent). */
  failures: Map<string, { items: FailedRecord[]; failed: number; dropped: number; retryable: boolean }>;
  /** What POST /api/jobs answers (and POST /api/jobs/{id}/retry-failed); defaults to a queued job for the posted target. */
  nextJob: (body: { customApi: string; parameters: Record<string, unknown> }) => Job;
}

interface Stream {
  jobId: string;
  controller: ReadableStreamDefaultController<Uint8Array>;
}

const BASE = "https://api.example.test";
export const FAKE_API_BASE = BASE;

/** The companion API in memory: jobs, SSE with event ids and Last-Event-ID replay, problem+json. */
export function createFakeApi(makeJob: (overrides: Partial<Job>) => Job): FakeApi {
  const jobs = new Map<string, Job>();
  const events: { seq: number; job: Job; change: string }[] = [];
  const streams = new Set<Stream>();
  const overrides: Override[] = [];
  const encoder = new TextEncoder();
  // As the API does: the whole job when a stream opens, then only what each event changed.
  const frame = (seq: number, job: Job) =>
    encoder.encode(`id: ${seq}\nevent: job\ndata: ${JSON.stringify(job)}\n\n`);
  const changeFrame = (seq: number, change: string) =>
    encoder.encode(`id: ${seq}\nevent: change\ndata: ${change}\n\n`);

  const api: FakeApi = {
    requests: [],
    jobs,
    failures: new Map(),
    nextJob: (body) => makeJob({ customApi: body.customApi, parameters: body.parameters }),
    publish(job) {
      const change = JSON.stringify(changeOf(jobs.get(job.id), job));
      jobs.set(job.id, job);
      const seq = events.length + 1;
      events.push({ seq, job, change });
      for (const stream of [...streams].filter((s) => s.jobId === job.id)) {
        stream.controller.enqueue(changeFrame(seq, change));
        if (isTerminal(job.status)) close(stream);
      }
    },
    dropStreams: () => [...streams].forEach(close),
    openStreams: () => streams.size,
    override: (handler) => overrides.push(handler),
    fetch: vi.fn<typeof fetch>(),
  };

  function close(stream: Stream): void {
    streams.delete(stream);
    stream.controller.close();
  }

  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  const notFound = () =>
    json(404, { type: "about:blank", title: "Not Found", status: 404, detail: "No such job" });

  function openStream(
    jobId: string,
    lastEventId: string | undefined,
    signal: AbortSignal | undefined,
  ): Response {
    const job = jobs.get(jobId);
    if (job === undefined) return notFound();
    const after = lastEventId === undefined ? undefined : Number(lastEventId);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const stream = { jobId, controller };
        const missed = events.filter((e) => e.job.id === jobId && after !== undefined && e.seq > after);
        if (after === undefined) {
          const latest = [...events].reverse().find((e) => e.job.id === jobId);
          controller.enqueue(frame(latest?.seq ?? 0, job));
        } else missed.forEach((e) => controller.enqueue(changeFrame(e.seq, e.change)));
        if (isTerminal(job.status)) return controller.close();
        streams.add(stream);
        signal?.addEventListener("abort", () => streams.delete(stream));
      },
    });
    return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
  }

  async function route(request: RecordedRequest): Promise<Response> {
    for (const handler of overrides) {
      const answer = await handler(request);
      if (answer !== undefined) return answer;
    }
    const [path = "", query = ""] = request.path.split("?");
    const match = /^\/api\/jobs\/([^/]+)(\/events|\/cancel|\/resume|\/failures|\/retry-failed)?$/.exec(path);
    if (request.method === "POST" && path === "/api/jobs") {
      const job = api.nextJob(request.body as { customApi: string; parameters: Record<string, unknown> });
      api.publish(job);
      return json(202, job);
    }
    if (request.method === "GET" && path === "/api/jobs") {
      const params = new URLSearchParams(query);
      const items = [...jobs.values()]
        .filter((job) => job.target.id === params.get("id"))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .slice(0, Number(params.get("limit") ?? 20));
      return json(200, { items });
    }
    const job = match?.[1] === undefined ? undefined : jobs.get(decodeURIComponent(match[1]));
    if (job === undefined) return notFound();
    if (match?.[2] === "/events") return openStream(job.id, request.headers["last-event-id"], request.signal);
    if (match?.[2] === "/cancel") {
      api.publish({ ...job, status: job.status === "queued" ? "canceled" : "canceling" });
      return json(202, jobs.get(job.id));
    }
    if (match?.[2] === "/failures") {
      const page = api.failures.get(job.id);
      return page === undefined ? notFound() : json(200, page);
    }
    if (match?.[2] === "/retry-failed") {
      const ids = api.failures.get(job.id)?.items.map((item) => item.id) ?? [];
      const retry = api.nextJob({
        customApi: job.customApi,
        parameters: { ...job.parameters, RecordIds: ids },
      });
      api.publish(retry);
      return json(202, retry);
    }
    if (match?.[2] === "/resume") {
      api.publish({ ...job, status: "queued", error: null, endedAt: null });
      return json(202, jobs.get(job.id));
    }
    return json(200, job);
  }

  api.fetch.mockImplementation(async (input, init) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => (headers[key] = value));
    const request: RecordedRequest = {
      method: init?.method ?? "GET",
      path: url.pathname + url.search,
      headers,
      body: typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined,
      signal: init?.signal ?? undefined,
    };
    api.requests.push(request);
    if (request.signal?.aborted) throw new DOMException("Aborted", "AbortError");
    const response = await route(request);
    // As fetch does: a request aborted while the server was still answering rejects.
    if (request.signal?.aborted) throw new DOMException("Aborted", "AbortError");
    return response;
  });
  return api;
}

/** The job's fields and operations that differ from `before` (all of them for a new job). */
function changeOf(before: Job | undefined, job: Job): JobChange {
  const differs = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);
  const fields = Object.entries(job).filter(
    ([key, value]) => key !== "operations" && differs(before?.[key as keyof Job], value),
  );
  const operations = job.operations.filter((op) =>
    differs(
      before?.operations.find((o) => o.batch === op.batch),
      op,
    ),
  );
  return { job: Object.fromEntries(fields), operations };
}
