import { afterEach, describe, expect, it } from "vitest";
import { syncRecordsToExternalSystem } from "../../contracts/custom-apis";
import type { Job } from "../../server/jobs/job-json";
import { createHarness, validInput } from "./support/harness";

/** In-batch progress: the signed progress URL a batch gets, and what the API does with reports. */

let h: ReturnType<typeof createHarness>;
afterEach(() => h.close());

async function startJob() {
  const res = await h.post("/api/jobs", validInput);
  expect(res.status).toBe(202);
  const job = (await res.json()) as Job;
  const get = async () => (await (await h.get(`/api/jobs/${job.id}`)).json()) as Job;
  return { id: job.id, get };
}
const progressUrl = (n = 1) => new URL(h.dataverse.starts[n - 1]!.parameters.ProgressUrl as string);
const report = async (body: unknown, url = progressUrl()) =>
  await h.app.request(url.pathname + url.search, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
/** Resolves once the job's first operation shows `done` (stored through the buffer, not at once). */
async function progressOf(get: () => Promise<Job>, done: number) {
  for (;;) {
    const job = await get();
    if (job.operations[0]?.progress?.done === done) return job.operations[0].progress;
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe("the progress URL a batch gets", () => {
  it("is a signed URL of this API naming the operation, sent only to a Custom API that declares ProgressUrl", async () => {
    h = createHarness({ PROGRESS_INTERVAL_MS: "0" });
    await startJob();
    const url = progressUrl();
    expect(url.origin + url.pathname).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/callbacks\/operations\/[\w-]+\/progress$/,
    );
    expect(url.searchParams.get("exp")).toMatch(/^\d+$/);
    expect(url.searchParams.get("sig")).toMatch(/^[\w-]{43}$/);

    await h.close();
    h = createHarness();
    h.dataverse.definitions = [
      {
        ...syncRecordsToExternalSystem,
        requestParameters: syncRecordsToExternalSystem.requestParameters.filter(
          (p) => p.uniquename !== "ProgressUrl",
        ),
      },
    ];
    const job = await startJob();
    expect(h.dataverse.starts[0]!.parameters).not.toHaveProperty("ProgressUrl");
    // A plug-in that never reports still gets its job done.
    h.dataverse.complete(h.dataverse.starts[0]!.backgroundOperationId, 30, {
      SyncedCount: 5,
      NextCursor: "",
    });
    await h.callback(1);
    expect(await job.get()).toMatchObject({ status: "succeeded", operations: [{ progress: null }] });
  });

  it("is not the caller's to set", async () => {
    h = createHarness();
    const res = await h.post("/api/jobs", {
      ...validInput,
      parameters: { ...validInput.parameters, ProgressUrl: "http://127.0.0.1:7071/x" },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ path: "parameters.ProgressUrl" }] });
  });
});

describe("POST /callbacks/operations/{id}/progress", () => {
  it("stores and shows the run's progress, never going back, and ignores reports once the operation ended", async () => {
    h = createHarness({ PROGRESS_INTERVAL_MS: "0" });
    const job = await startJob();
    expect((await report({ done: 1200, total: 4000 })).status).toBe(202);
    expect(await progressOf(job.get, 1200)).toEqual({ done: 1200, total: 4000 });
    expect((await report({ done: 300 })).status).toBe(202);
    expect((await report({ done: 1300 })).status).toBe(202);
    expect(await progressOf(job.get, 1300)).toEqual({ done: 1300, total: 4000 });

    h.dataverse.complete(h.dataverse.starts[0]!.backgroundOperationId, 30, {
      SyncedCount: 1400,
      NextCursor: "",
    });
    await h.callback(1);
    expect((await report({ done: 3999, total: 4000 })).status).toBe(202);
    await h.services.progress.flush();
    const ended = await job.get();
    expect(ended.operations[0]!.progress).toEqual({ done: 1300, total: 4000 });
    expect(ended.progress.synced).toBe(1400);
  });

  it("checks the signature and expiry before the body: a forged or expired URL gets 401, however large the body", async () => {
    h = createHarness({ CALLBACK_TTL_SECONDS: "60" });
    await startJob();
    const url = progressUrl();
    const forged = new URL(url);
    forged.searchParams.set("sig", "A".repeat(43));
    const huge = JSON.stringify({ done: 1, pad: "x".repeat(100_000) });
    const res = await report(huge, forged);
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    // A callback URL's signature does not open the progress route.
    const callback = new URL(h.dataverse.starts[0]!.callbackUrl);
    const borrowed = new URL(url);
    borrowed.search = callback.search;
    expect((await report({ done: 1 }, borrowed)).status).toBe(401);
    h.clock.advance(61_000);
    expect((await report({ done: 1 }, url)).status).toBe(401);
  });

  it("answers problem+json naming what is wrong with a report", async () => {
    h = createHarness();
    await startJob();
    for (const [body, path] of [
      [{ done: 5, total: 4 }, "done"],
      [{ done: -1 }, "done"],
      [{ done: 1.5 }, "done"],
      [{ done: 2_000_000_000 }, "done"],
      [{ total: 4 }, "done"],
    ] as const) {
      const res = await report(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(await res.json()).toMatchObject({ errors: [{ path }] });
    }
    expect((await report("not json")).status).toBe(400);
    expect((await report(JSON.stringify({ done: 1, pad: "x".repeat(2000) }))).status).toBe(413);
  });

  it("writes at most one report per interval per operation, the first an interval after it came, the highest of those merged, and limits the rate", async () => {
    h = createHarness({ PROGRESS_INTERVAL_MS: "60000" });
    const job = await startJob();
    const eventsBefore = (await h.store.eventsAfter(job.id, 0)).length;
    // The first report waits its interval like the others: a short batch stores no progress.
    for (const done of [10, 20, 40, 30]) expect((await report({ done, total: 100 })).status).toBe(202);
    expect((await job.get()).operations[0]!.progress).toBeNull();
    await h.services.progress.flush();
    expect((await job.get()).operations[0]!.progress).toEqual({ done: 40, total: 100 });
    expect((await h.store.eventsAfter(job.id, 0)).length - eventsBefore).toBe(1);

    const answers = await Promise.all(Array.from({ length: 30 }, () => report({ done: 50 })));
    const refused = answers.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.headers.get("retry-after")).toBe("1");
  });
});
