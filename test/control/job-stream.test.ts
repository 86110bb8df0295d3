import { describe, expect, it, vi } from "vitest";
import type { Job } from "../../control/api/job";
import { watchJob, type ConnectionState } from "../../control/api/job-stream";
import { ApiError, createJobsClient } from "../../control/api/jobs-client";
import { SignInRequiredError } from "../../control/auth/token-provider";
import { createFakeApi, FAKE_API_BASE } from "../support/fake-api";
import { finished, makeJob, running } from "../support/jobs";

/** vi.waitFor with a bound that only fails a hung test (its 1 s default bets on the machine's speed). */
const waitUntil = (check: () => void) => vi.waitFor(check, { timeout: 30_000 });

function setup(token: string | null = "token-1") {
  const api = createFakeApi(makeJob);
  const client = createJobsClient(FAKE_API_BASE, () => Promise.resolve(token), api.fetch);
  const seen: Job[] = [];
  const states: ConnectionState[] = [];
  const onFatal = vi.fn();
  const watch = (jobId: string, options: { retryDelaysMs?: number[]; pollsPerStreamRetry?: number } = {}) =>
    watchJob({
      client,
      jobId,
      onJob: (job) => seen.push(job),
      onConnection: (state) => states.push(state),
      onFatal,
      retryDelaysMs: options.retryDelaysMs ?? [0, 0],
      pollIntervalMs: 1,
      pollsPerStreamRetry: options.pollsPerStreamRetry ?? 1000,
    });
  return { api, client, seen, states, onFatal, watch };
}

const streamRequests = (api: ReturnType<typeof createFakeApi>) =>
  api.requests.filter((request) => request.path.endsWith("/events"));

describe("watchJob", () => {
  it("streams job frames with the bearer token and stops after the terminal one", async () => {
    const { api, seen, states, watch } = setup();
    const job = makeJob();
    api.publish(job);
    watch(job.id);
    await waitUntil(() => expect(api.openStreams()).toBe(1));
    api.publish(running(job, 100, 300));
    api.publish(finished(running(job, 300, 300), "succeeded"));
    await waitUntil(() => expect(states.at(-1)).toBe("closed"));
    expect(seen.map((item) => item.status)).toEqual(["queued", "running", "succeeded"]);
    expect(states).toEqual(["connecting", "live", "closed"]);
    const [request] = streamRequests(api);
    expect(request?.headers.authorization).toBe("Bearer token-1");
    expect(request?.headers.accept).toBe("text/event-stream");
  });

  it("sends no Authorization header when the API runs without auth", async () => {
    const { api, watch } = setup(null);
    const job = finished(makeJob(), "succeeded");
    api.publish(job);
    watch(job.id);
    await waitUntil(() => expect(streamRequests(api)).toHaveLength(1));
    expect(streamRequests(api)[0]?.headers.authorization).toBeUndefined();
  });

  it("quiet drops of a stream that opens fine (a proxy's idle timeout) never switch to polling", async () => {
    const { api, states, watch } = setup();
    const job = running(makeJob(), 1, 10);
    api.publish(job);
    const handle = watch(job.id, { retryDelaysMs: [0, 0] });
    for (let drop = 1; drop <= 4; drop += 1) {
      await waitUntil(() => expect(api.openStreams()).toBe(1));
      api.dropStreams();
      await waitUntil(() => expect(streamRequests(api)).toHaveLength(drop + 1));
    }
    await waitUntil(() => expect(api.openStreams()).toBe(1));
    expect(states).not.toContain("polling");
    expect(states.at(-1)).toBe("live");
    handle.close();
  });

  it("reconnects after a drop with Last-Event-ID and gets exactly what it missed", async () => {
    const { api, seen, watch } = setup();
    const job = makeJob();
    api.publish(job);
    watch(job.id, { retryDelaysMs: [0, 0, 0] });
    await waitUntil(() => expect(api.openStreams()).toBe(1));
    api.dropStreams();
    api.publish(running(job, 100, 300));
    await waitUntil(() => expect(seen.map((item) => item.progress.synced)).toEqual([0, 100]));
    const [first, second] = streamRequests(api);
    expect(first?.headers["last-event-id"]).toBeUndefined();
    expect(second?.headers["last-event-id"]).toBe("1");
    api.publish(finished(running(job, 300, 300), "succeeded"));
    await waitUntil(() => expect(seen.at(-1)?.status).toBe("succeeded"));
    expect(seen).toHaveLength(3);
  });

  it("falls back to polling when streaming keeps failing, and says so", async () => {
    const { api, seen, states, watch } = setup();
    const job = running(makeJob(), 10, 100);
    api.publish(job);
    api.override((request) =>
      request.path.endsWith("/events") ? new Response("busy", { status: 503 }) : undefined,
    );
    watch(job.id, { retryDelaysMs: [0] });
    await waitUntil(() => expect(states).toContain("polling"));
    api.publish(finished(job, "succeeded"));
    await waitUntil(() => expect(seen.at(-1)?.status).toBe("succeeded"));
    expect(states).toEqual(["connecting", "reconnecting", "polling", "closed"]);
    expect(streamRequests(api)).toHaveLength(2);
  });

  it("reads the job while a stream that will not open waits to be tried again", async () => {
    const { api, seen, states, watch } = setup();
    const job = running(makeJob(), 10, 100);
    api.publish(job);
    api.override((request) =>
      request.path.endsWith("/events") ? new Response("busy", { status: 503 }) : undefined,
    );
    // A wait long enough that, without a read, nothing would be shown for a minute.
    const handle = watch(job.id, { retryDelaysMs: [0, 60_000] });
    await waitUntil(() => expect(seen).toEqual([job]));
    expect(states).toEqual(["connecting", "reconnecting", "reconnecting"]);
    expect(streamRequests(api)).toHaveLength(2);
    handle.close();
  });

  it("tries streaming again after a while of polling, and goes live when it works", async () => {
    const { api, states, watch } = setup();
    const job = running(makeJob(), 10, 100);
    api.publish(job);
    let refusals = 2;
    api.override((request) => {
      if (!request.path.endsWith("/events") || refusals === 0) return undefined;
      refusals -= 1;
      return new Response("busy", { status: 503 });
    });
    watch(job.id, { retryDelaysMs: [0], pollsPerStreamRetry: 2 });
    await waitUntil(() => expect(api.openStreams()).toBe(1));
    expect(states).toEqual(["connecting", "reconnecting", "polling", "live"]);
    expect(api.requests.filter((request) => request.path === `/api/jobs/${job.id}`)).toHaveLength(2);
  });

  it("close() aborts the open request and reports nothing afterwards", async () => {
    const { api, states, watch } = setup();
    const job = makeJob();
    api.publish(job);
    const handle = watch(job.id);
    await waitUntil(() => expect(api.openStreams()).toBe(1));
    handle.close();
    expect(streamRequests(api)[0]?.signal?.aborted).toBe(true);
    await waitUntil(() => expect(api.openStreams()).toBe(0));
    expect(states).not.toContain("closed");
  });

  it("stops on errors that retrying cannot fix", async () => {
    const { onFatal, watch, api } = setup();
    watch("no-such-job");
    await waitUntil(() => expect(onFatal).toHaveBeenCalledOnce());
    expect(onFatal.mock.calls[0]?.[0]).toBeInstanceOf(ApiError);
    expect(streamRequests(api)).toHaveLength(1);
  });

  it("stops when a token needs the user, without hammering the API", async () => {
    const api = createFakeApi(makeJob);
    const client = createJobsClient(
      FAKE_API_BASE,
      () => Promise.reject(new SignInRequiredError()),
      api.fetch,
    );
    const onFatal = vi.fn();
    watchJob({ client, jobId: "x", onJob: vi.fn(), onConnection: vi.fn(), onFatal });
    await waitUntil(() => expect(onFatal).toHaveBeenCalledOnce());
    expect(api.requests).toHaveLength(0);
  });
});

describe("jobs client", () => {
  it("turns problem+json into an ApiError with the detail", async () => {
    const { api, client } = setup();
    api.override(() =>
      Response.json(
        { type: "about:blank", title: "Bad Request", status: 400, detail: "Custom API not allowed" },
        { status: 400 },
      ),
    );
    await expect(
      client.start({ customApi: "x", parameters: {}, target: { entity: "account", id: "1" } }),
    ).rejects.toMatchObject({
      status: 400,
      detail: "Custom API not allowed",
    });
  });

  it("retries a 401 once with a fresh token, then reports the refusal as a sign-in problem", async () => {
    const api = createFakeApi(makeJob);
    const asked: (boolean | undefined)[] = [];
    const client = createJobsClient(
      FAKE_API_BASE,
      (options) => {
        asked.push(options?.forceRefresh);
        return Promise.resolve(`token-${asked.length}`);
      },
      api.fetch,
    );
    api.override(() =>
      Response.json(
        {
          type: "https://bgsync/problems/unauthorized",
          status: 401,
          detail: "The token's aud claim is not accepted.",
        },
        { status: 401 },
      ),
    );
    const error: unknown = await client.get("x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignInRequiredError);
    expect((error as SignInRequiredError).why).toBe("refused");
    expect(asked).toEqual([false, true]);
    expect(api.requests.map((r) => r.headers.authorization)).toEqual(["Bearer token-1", "Bearer token-2"]);
  });

  it("reports a 403 for a missing scope as a refused sign-in, other 403s as API errors", async () => {
    const { api, client } = setup();
    api.override(() =>
      Response.json(
        {
          type: "https://bgsync/problems/insufficient-scope",
          status: 403,
          detail: "The token lacks the Jobs.ReadWrite scope.",
        },
        { status: 403 },
      ),
    );
    await expect(client.get("x")).rejects.toMatchObject({ why: "refused" });
    const other = setup();
    other.api.override(() =>
      Response.json(
        { type: "https://bgsync/problems/forbidden", status: 403, detail: "Not yours." },
        { status: 403 },
      ),
    );
    await expect(other.client.get("x")).rejects.toMatchObject({ status: 403, detail: "Not yours." });
  });

  it("lists a record's jobs with entity, id and limit", async () => {
    const { api, client } = setup();
    const job = makeJob();
    api.publish(job);
    expect(await client.list({ entity: "account", id: job.target.id, limit: 3 })).toEqual([job]);
    expect(api.requests[0]?.path).toBe(`/api/jobs?entity=account&id=${job.target.id}&limit=3`);
  });
});
