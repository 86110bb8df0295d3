import { afterEach, describe, expect, it } from "vitest";
import { syncRecordsToExternalSystem } from "../../contracts/custom-apis";
import type { Job } from "../../server/jobs/job-json";
import { createHarness, validInput } from "./support/harness";

/** Failed records: kept (bounded) per job, listed, and retried on their own through RecordIds. */

let h: ReturnType<typeof createHarness>;
afterEach(() => h.close());

const bg = (n: number) => h.dataverse.starts[n - 1]!.backgroundOperationId;
const failed = (ids: string[]) =>
  JSON.stringify(ids.map((id) => ({ id, name: `Account ${id}`, reason: `ERP said no to ${id}` })));
const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => `r${from + i}`);

async function runJob(batches: Record<string, unknown>[]) {
  const job = (await (await h.post("/api/jobs", validInput)).json()) as Job;
  for (const [i, outputs] of batches.entries()) {
    h.dataverse.complete(bg(h.dataverse.starts.length), 30, {
      ...outputs,
      NextCursor: i < batches.length - 1 ? `c${i + 1}` : "",
    });
    await h.callback(h.dataverse.starts.length);
  }
  return (await (await h.get(`/api/jobs/${job.id}`)).json()) as Job;
}
const failuresOf = async (job: Job) => (await (await h.get(job.links.failures)).json()) as unknown;

describe("a job whose records partly failed", () => {
  it("ends succeeded with its failed count, and lists each failed record with its reason", async () => {
    h = createHarness();
    const job = await runJob([
      { SyncedCount: 98, FailedCount: 2, TotalCount: 150, FailedRecords: failed(["a", "b"]) },
      { SyncedCount: 49, FailedCount: 1, FailedRecords: failed(["c"]) },
    ]);
    expect(job).toMatchObject({
      status: "succeeded",
      progress: { synced: 147, failed: 3 },
      failedRecords: { listed: 3, dropped: 0, retryable: true },
    });
    expect(await failuresOf(job)).toEqual({
      items: ["a", "b", "c"].map((id) => ({ id, name: `Account ${id}`, reason: `ERP said no to ${id}` })),
      failed: 3,
      dropped: 0,
      retryable: true,
    });
  });

  it("keeps at most 500 and counts the rest; a retry is then refused with problem+json", async () => {
    h = createHarness();
    const job = await runJob([
      { SyncedCount: 0, FailedCount: 400, FailedRecords: failed(ids(0, 400)) },
      { SyncedCount: 0, FailedCount: 300, FailedRecords: failed(ids(400, 300)) },
    ]);
    expect(job.failedRecords).toEqual({ listed: 500, dropped: 200, retryable: false });
    const list = (await failuresOf(job)) as { items: { id: string }[] };
    expect(list.items.map((i) => i.id)).toEqual(ids(0, 500));
    const res = await h.post(`/api/jobs/${job.id}/retry-failed`);
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({
      type: expect.stringMatching(/retry-not-possible$/) as string,
      detail: expect.stringContaining("first 500") as string,
    });
  });

  it("ignores a malformed FailedRecords output (the counts stand) and does not offer a partial retry", async () => {
    h = createHarness();
    const job = await runJob([
      {
        SyncedCount: 8,
        FailedCount: 2,
        FailedRecords: JSON.stringify([{ id: "ok", reason: "r" }, { name: "no id" }, 7]),
      },
    ]);
    expect(job).toMatchObject({ progress: { failed: 2 }, failedRecords: { listed: 1, retryable: false } });
    const res = await h.post(`/api/jobs/${job.id}/retry-failed`);
    expect(await res.json()).toMatchObject({
      status: 409,
      detail: expect.stringContaining("1 of the 2") as string,
    });
  });
});

describe("POST /api/jobs/{id}/retry-failed", () => {
  it("starts a new job on the same record with the same inputs plus RecordIds naming exactly the failed records", async () => {
    h = createHarness();
    const job = await runJob([{ SyncedCount: 7, FailedCount: 3, FailedRecords: failed(["a", "b", "a"]) }]);
    const res = await h.post(`/api/jobs/${job.id}/retry-failed`);
    expect(res.status).toBe(202);
    const retry = (await res.json()) as Job;
    expect(res.headers.get("location")).toBe(`/api/jobs/${retry.id}`);
    expect(retry).toMatchObject({ status: "running", target: job.target, customApi: job.customApi });
    expect(retry.parameters).toEqual({ ...validInput.parameters, RecordIds: ["a", "b"] });
    expect(h.dataverse.starts.at(-1)!.parameters).toMatchObject({
      RecordIds: ["a", "b"],
      EntityName: "account",
    });
    // One active job per record: a second retry while this one runs is refused.
    expect((await h.post(`/api/jobs/${job.id}/retry-failed`)).status).toBe(409);
  });

  it("is refused while the job runs, without failed records, or when the Custom API has no RecordIds input", async () => {
    h = createHarness();
    const running = (await (await h.post("/api/jobs", validInput)).json()) as Job;
    expect(await (await h.post(`/api/jobs/${running.id}/retry-failed`)).json()).toMatchObject({
      status: 409,
      detail: expect.stringContaining("still running") as string,
    });
    h.dataverse.complete(bg(1), 30, { SyncedCount: 10, FailedCount: 0, NextCursor: "" });
    await h.callback(1);
    expect(await (await h.post(`/api/jobs/${running.id}/retry-failed`)).json()).toMatchObject({
      status: 409,
      detail: expect.stringContaining("no failed records") as string,
    });

    const job = await runJob([{ SyncedCount: 1, FailedCount: 1, FailedRecords: failed(["a"]) }]);
    h.dataverse.definitions = [
      {
        ...syncRecordsToExternalSystem,
        requestParameters: syncRecordsToExternalSystem.requestParameters.filter(
          (p) => p.uniquename !== "RecordIds",
        ),
      },
    ];
    h.clock.advance(3_600_000); // past the Custom API metadata cache
    expect(await (await h.post(`/api/jobs/${job.id}/retry-failed`)).json()).toMatchObject({
      status: 409,
      detail: expect.stringContaining("no RecordIds input") as string,
    });
  });
});
