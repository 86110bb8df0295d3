import { describe, expect, it } from "vitest";
import type { JobOperation } from "../../control/api/job";
import { applyJobChange } from "../../control/api/job-change";
import { makeJob } from "../support/jobs";

const op = (batch: number, statusCode = 20): JobOperation => ({
  batch,
  backgroundOperationId: `bg-${batch}`,
  stateCode: statusCode >= 30 ? 3 : 2,
  statusCode,
  retryCount: 0,
  createdAt: "2026-11-26T10:00:00.000Z",
  startedAt: "2026-11-26T10:00:01.000Z",
  endedAt: statusCode >= 30 ? "2026-11-26T10:00:02.000Z" : null,
});

describe("applyJobChange", () => {
  it("replaces only the fields a change names, leaving the rest and the input untouched", () => {
    const job = makeJob({ operations: [op(1)] });
    const next = applyJobChange(job, {
      job: { status: "running", progress: { synced: 10, failed: 0, total: 50, batches: 1 } },
    });
    expect(next).toEqual({
      ...job,
      status: "running",
      progress: { synced: 10, failed: 0, total: 50, batches: 1 },
    });
    expect(next.operations).toBe(job.operations);
    expect(job.status).toBe("queued");
  });

  it("replaces an operation by batch number and appends a new one, keeping batch order", () => {
    const job = makeJob({ operations: [op(1), op(2)] });
    const next = applyJobChange(job, { operations: [op(2, 30), op(3)] });
    expect(next.operations).toEqual([op(1), op(2, 30), op(3)]);
    expect(job.operations).toEqual([op(1), op(2)]);
    expect(
      applyJobChange(makeJob({ operations: [op(1), op(3)] }), { operations: [op(2)] }).operations,
    ).toEqual([op(1), op(2), op(3)]);
  });

  it("re-applying changes a state already holds leaves it as it was (a snapshot racing a change)", () => {
    const changes = [
      { job: { status: "running" as const }, operations: [op(1, 30), op(2)] },
      { job: { status: "succeeded" as const }, operations: [op(2, 30)] },
    ];
    const final = changes.reduce(applyJobChange, makeJob({ operations: [op(1)] }));
    expect(changes.reduce(applyJobChange, final)).toEqual(final);
    expect(final.status).toBe("succeeded");
    expect(final.operations).toEqual([op(1, 30), op(2, 30)]);
  });
});
