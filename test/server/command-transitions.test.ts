import { describe, expect, it } from "vitest";
import { endAbandoned, failStart, requestCancel, resumeJob } from "../../server/jobs/command-transitions";
import { newOperation } from "../../server/jobs/new-rows";
import type { JobRow, OperationRow } from "../../server/store/store";
import { jobRow, T0 } from "./support/job-rows";

const LATER = T0 + 60_000;
const timings = { reconcileAfterSeconds: 120 };

const job = jobRow;
const op = (j: JobRow, batch = 1, overrides: Partial<OperationRow> = {}): OperationRow => ({
  ...newOperation(j, batch, null, `op-${batch}`, T0),
  nextCheckAt: T0 + 120_000,
  ...overrides,
});
const ENDED_CANCELED = { stateCode: 3, statusCode: 32, endedAt: LATER, nextCheckAt: null };

describe("cancel", () => {
  it("a batch Dataverse already has: the job is canceling and Dataverse is asked to cancel it", () => {
    const j = job({ status: "running" });
    const done = op(j, 1, { backgroundOperationId: "bg-1", stateCode: 3, statusCode: 30 });
    const current = op(j, 2, { backgroundOperationId: "bg-2", stateCode: 2, statusCode: 20 });
    expect(requestCancel(j, [done, current], LATER)).toEqual({
      kind: "canceling",
      job: { ...j, status: "canceling" },
      backgroundOperationId: "bg-2",
    });
  });

  it("a batch Dataverse has not been given: it and the job end canceled now", () => {
    const j = job();
    const step = requestCancel(j, [op(j)], LATER);
    expect(step).toEqual({
      kind: "ended",
      job: { ...j, status: "canceled", endedAt: LATER },
      operations: [{ ...op(j), ...ENDED_CANCELED }],
    });
  });

  it("a job with no unfinished batch ends canceled without touching any operation", () => {
    const j = job({ status: "running" });
    const done = op(j, 1, { backgroundOperationId: "bg-1", stateCode: 3, statusCode: 30 });
    expect(requestCancel(j, [done], LATER)).toMatchObject({ kind: "ended", operations: [] });
  });

  it("a second cancel changes nothing", () => {
    const j = job({ status: "canceling" });
    expect(requestCancel(j, [op(j)], LATER)).toEqual({ kind: "unchanged", job: j });
  });

  it.each(["succeeded", "failed", "canceled"] as const)("is refused once the job has %s", (status) => {
    expect(requestCancel(job({ status }), [], LATER)).toEqual({
      kind: "refused",
      reason: `The job has already ended (${status}).`,
    });
  });
});

describe("resume", () => {
  it.each(["failed", "canceled"] as const)(
    "a %s chain queues the next batch from its cursor, checked after the callback grace",
    (status) => {
      const j = job({
        status,
        cursor: "c7",
        startedAt: T0 - 30_000,
        endedAt: T0,
        error: { code: "x", message: "y", batch: 2 },
      });
      const step = resumeJob(j, [op(j, 1), op(j, 2)], "op-new", LATER, timings);
      expect(step).toEqual({
        kind: "queued",
        // Ended at T0, resumed a minute later: that minute is not run time.
        job: { ...j, status: "queued", endedAt: null, error: null, pausedMs: 60_000 },
        operation: { ...newOperation(j, 3, "c7", "op-new", LATER), nextCheckAt: LATER + 120_000 },
      });
    },
  );

  it("takes no pause from a job that never started: its run time begins after the resume", () => {
    const j = job({ status: "failed", startedAt: null, endedAt: T0 });
    const step = resumeJob(j, [op(j, 1)], "op-new", LATER, timings);
    expect(step.kind === "queued" && step.job.pausedMs).toBe(0);
  });

  it("adds each resume's pause to the ones before", () => {
    const j = job({ status: "canceled", startedAt: T0 - 30_000, endedAt: T0, pausedMs: 5_000 });
    const step = resumeJob(j, [op(j, 1)], "op-new", LATER, timings);
    expect(step.kind === "queued" && step.job.pausedMs).toBe(65_000);
  });

  it.each(["queued", "running", "canceling", "succeeded"] as const)("is refused for a %s job", (status) => {
    expect(resumeJob(job({ status }), [], "op-new", LATER, timings)).toEqual({
      kind: "refused",
      reason: `Only a failed or canceled job can resume (this one is ${status}).`,
    });
  });

  it("is refused for a Custom API that does not chain", () => {
    expect(resumeJob(job({ status: "failed", chained: false }), [], "op-new", LATER, timings)).toEqual({
      kind: "refused",
      reason: "This Custom API does not take part in chaining; start a new job.",
    });
  });
});

describe("a batch abandoned after a cancel", () => {
  it("ends canceled, and the canceling job with it", () => {
    const j = job({ status: "canceling" });
    expect(endAbandoned(j, op(j), LATER)).toEqual({
      job: { ...j, status: "canceled", endedAt: LATER },
      operation: { ...op(j), ...ENDED_CANCELED },
    });
  });

  it("leaves a job that already ended as it is", () => {
    const j = job({ status: "failed", endedAt: T0 });
    expect(endAbandoned(j, op(j), LATER).job).toBe(j);
  });
});

describe("a start Dataverse refused", () => {
  it("fails the batch and the job with Dataverse's error code", () => {
    const j = job();
    const error = { code: "0x80040220", upstreamStatus: 403, message: "No privilege" };
    expect(failStart(j, op(j), error, LATER)).toEqual({
      job: {
        ...j,
        status: "failed",
        endedAt: LATER,
        error: { code: "0x80040220", message: "No privilege", batch: 1 },
      },
      operation: { ...op(j), stateCode: 3, statusCode: 31, endedAt: LATER, nextCheckAt: null },
    });
  });

  it("names the HTTP status when Dataverse sent no error code, and says so when there was no answer", () => {
    const j = job();
    expect(
      failStart(j, op(j), { code: null, upstreamStatus: 500, message: "m" }, LATER).job.error?.code,
    ).toBe("HTTP 500");
    expect(
      failStart(j, op(j), { code: null, upstreamStatus: null, message: "m" }, LATER).job.error?.code,
    ).toBe("HTTP error");
  });
});
