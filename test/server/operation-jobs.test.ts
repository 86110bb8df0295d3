import { describe, expect, it, vi } from "vitest";
import type { Job } from "../../server/jobs/job-json";
import { createOperationJobs } from "../../server/jobs/operation-jobs";
import { createHarness, validInput } from "./support/harness";

describe("which job an operation belongs to", () => {
  it("answers what it was told, and forgets the least recently told beyond its size", () => {
    const jobs = createOperationJobs(2);
    jobs.remember("op-1", "job-1");
    jobs.remember("op-2", "job-2");
    jobs.remember("op-1", "job-1");
    jobs.remember("op-3", "job-3");
    expect([jobs.get("op-1"), jobs.get("op-2"), jobs.get("op-3")]).toEqual(["job-1", undefined, "job-3"]);
  });

  it("spares a callback for a batch this process started the store read before the job's lock", async () => {
    const h = createHarness();
    try {
      const job = (await (await h.post("/api/jobs", validInput)).json()) as Job;
      const lookups = vi.spyOn(h.store, "getOperation");
      h.dataverse.complete(h.dataverse.starts[0]!.backgroundOperationId, 30, {
        SyncedCount: 2,
        NextCursor: "",
      });
      expect((await h.callback(1)).status).toBe(204);
      expect(lookups).not.toHaveBeenCalled();
      const done = (await (await h.get(`/api/jobs/${job.id}`)).json()) as Job;
      expect(done).toMatchObject({ status: "succeeded", progress: { synced: 2 } });
    } finally {
      await h.close();
    }
  });
});
