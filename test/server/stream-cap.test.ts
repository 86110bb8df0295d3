import { afterEach, describe, expect, it } from "vitest";
import type { Job } from "../../server/jobs/job-json";
import { createHarness, validInput } from "./support/harness";
import { sseReader } from "./support/sse";

let h: ReturnType<typeof createHarness>;
afterEach(() => h.close());

async function openStream(jobId: string) {
  const res = await h.get(`/api/jobs/${jobId}/events`);
  return { res, stream: res.status === 200 ? sseReader(res) : null };
}

describe("per-user cap on open event streams (SSE_MAX_STREAMS_PER_USER)", () => {
  it("answers 429 too-many-streams past the cap, and a closed stream frees its slot", async () => {
    h = createHarness({ SSE_MAX_STREAMS_PER_USER: "2" });
    const job = (await (await h.post("/api/jobs", validInput)).json()) as Job;
    const first = await openStream(job.id);
    const second = await openStream(job.id);
    expect([first.res.status, second.res.status]).toEqual([200, 200]);

    const refused = await openStream(job.id);
    expect(refused.res.status).toBe(429);
    expect(refused.res.headers.get("content-type")).toBe("application/problem+json");
    expect(await refused.res.json()).toMatchObject({
      type: "https://bgsync.example/problems/too-many-streams",
      title: "Too many open event streams",
      status: 429,
      detail:
        "You already have 2 event streams open, the most one user may; close one (another tab or form) and try again.",
    });

    await first.stream!.cancel();
    const third = await openStream(job.id);
    expect(third.res.status).toBe(200);
    expect((await openStream(job.id)).res.status).toBe(429);
    await Promise.all([second.stream!.cancel(), third.stream!.cancel()]);
  });

  it("a stream the server ends (the job ended) frees its slot too", async () => {
    h = createHarness({ SSE_MAX_STREAMS_PER_USER: "1" });
    const job = (await (await h.post("/api/jobs", validInput)).json()) as Job;
    const { stream } = await openStream(job.id);
    h.dataverse.complete(h.dataverse.starts[0]!.backgroundOperationId, 30, { NextCursor: "" });
    await h.callback(1);
    await stream!.end();
    const again = await openStream(job.id);
    expect(again.res.status).toBe(200);
    await again.stream!.cancel();
  });
});
