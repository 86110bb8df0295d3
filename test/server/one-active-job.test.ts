import { afterEach, describe, expect, it } from "vitest";
import type { Job } from "../../server/jobs/job-json";
import { createHarness, validInput } from "./support/harness";

let h: ReturnType<typeof createHarness>;
afterEach(() => h.close());

const start = (body: unknown = validInput) => h.post("/api/jobs", body);

describe("one active job per record and Custom API", () => {
  it("answers a second start 409 job-already-active, linking the active job, and starts nothing", async () => {
    h = createHarness();
    const first = (await (await start()).json()) as Job;
    const res = await start({
      ...validInput,
      target: { ...validInput.target, id: validInput.target.id.toUpperCase() },
    });
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("content-location")).toBe(`/api/jobs/${first.id}`);
    expect(await res.json()).toEqual({
      type: "https://bgsync.example/problems/job-already-active",
      title: "A job is already active for this record",
      status: 409,
      detail:
        "A job for this record and Custom API is still active; follow it, or start again once it has ended.",
      instance: "/api/jobs",
      requestId: expect.any(String) as unknown,
      activeJob: { id: first.id, href: `/api/jobs/${first.id}` },
    });
    expect(h.dataverse.starts).toHaveLength(1);
    expect(await h.store.listJobs({ limit: 10 })).toHaveLength(1);
  });

  it("holds under concurrency: ten simultaneous starts give one 202 and nine 409", async () => {
    h = createHarness();
    const statuses = await Promise.all(Array.from({ length: 10 }, async () => (await start()).status));
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    expect(h.dataverse.starts).toHaveLength(1);
  });

  it("is still 409 while the job is canceling, and a new start is accepted once it ended", async () => {
    h = createHarness();
    const first = (await (await start()).json()) as Job;
    // Dataverse's monitor shows the operation running, so the cancel leaves the job canceling.
    h.dataverse.snapshots.set(h.dataverse.starts[0]!.backgroundOperationId, {
      stateCode: 2,
      statusCode: 20,
      errorCode: null,
      errorMessage: null,
      outputs: {},
      retryAfterSeconds: null,
    });
    expect((await h.post(`/api/jobs/${first.id}/cancel`)).status).toBe(202);
    expect((await start()).status).toBe(409);
    h.dataverse.complete(h.dataverse.starts[0]!.backgroundOperationId, 32);
    await h.callback(1);
    expect(((await (await h.get(`/api/jobs/${first.id}`)).json()) as Job).status).toBe("canceled");
    expect((await start()).status).toBe(202);
  });

  it("another record or another Custom API is not blocked", async () => {
    h = createHarness();
    expect((await start()).status).toBe(202);
    const other = {
      ...validInput,
      target: { entity: "account", id: "21111111-2222-4333-8444-555555555555" },
    };
    expect((await start(other)).status).toBe(202);
  });

  it("allowConcurrent runs beside the active job only when ALLOW_CONCURRENT_JOBS=true", async () => {
    h = createHarness();
    const first = (await (await start()).json()) as Job;
    const refused = await start({ ...validInput, allowConcurrent: true });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      detail:
        "A job for this record and Custom API is still active, and concurrent runs are disabled on this API (ALLOW_CONCURRENT_JOBS).",
      activeJob: { id: first.id },
    });
    await h.close();

    h = createHarness({ ALLOW_CONCURRENT_JOBS: "true" });
    expect((await start()).status).toBe(202);
    expect((await start({ ...validInput, allowConcurrent: true })).status).toBe(202);
    expect((await start()).status).toBe(409);
  });
});
