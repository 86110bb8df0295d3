import { describe, expect, it } from "vitest";
import { toJobJson } from "../../server/jobs/job-json";
import { newOperation } from "../../server/jobs/new-rows";
import { applySnapshot } from "../../server/jobs/transitions";
import type { JobRow } from "../../server/store/store";
import { snapshot } from "./support/fake-dataverse";
import { jobRow, T0 } from "./support/job-rows";

const job = jobRow;
const op = (j: JobRow, batch = 1) => ({
  ...newOperation(j, batch, null, `op-${batch}`, T0),
  backgroundOperationId: `bg-${batch}`,
});

describe("job transitions", () => {
  it("queued -> running when Dataverse locks the operation", () => {
    const j = job();
    const t = applySnapshot(j, op(j), snapshot(2, 20), T0 + 1000, "next");
    expect(t.job.status).toBe("running");
    expect(t.job.startedAt).toBe(T0 + 1000);
    expect(t.operation).toMatchObject({ stateCode: 2, statusCode: 20, startedAt: T0 + 1000 });
    expect(t.visible).toBe(true);
  });

  it("chains the next batch with the returned cursor and accumulates counts", () => {
    const j = job({ status: "running", synced: 100, failed: 1, batches: 1, cursor: "c1" });
    const t = applySnapshot(
      j,
      op(j, 2),
      snapshot(3, 30, { SyncedCount: 250, FailedCount: 2, TotalCount: 1000, NextCursor: "c2" }),
      T0,
      "op-3",
    );
    expect(t.job).toMatchObject({
      status: "running",
      synced: 350,
      failed: 3,
      total: 1000,
      batches: 2,
      cursor: "c2",
    });
    expect(t.next).toMatchObject({
      id: "op-3",
      batch: 3,
      cursor: "c2",
      stateCode: 0,
      backgroundOperationId: null,
    });
    expect(t.operation).toMatchObject({ stateCode: 3, statusCode: 30, endedAt: T0, nextCheckAt: null });
  });

  it("counts outputs given as strings, as the backgroundoperation row documents them, like numbers", () => {
    const j = job({ status: "running", synced: 100, batches: 1 });
    const t = applySnapshot(
      j,
      op(j, 2),
      snapshot(3, 30, { SyncedCount: "250", FailedCount: "2", TotalCount: "1000", NextCursor: "" }),
      T0,
      "op-3",
    );
    expect(t.job).toMatchObject({ status: "succeeded", synced: 350, failed: 2, total: 1000, batches: 2 });
  });

  it("succeeds when the cursor comes back empty", () => {
    const j = job({ status: "running" });
    const t = applySnapshot(j, op(j), snapshot(3, 30, { SyncedCount: 7, NextCursor: "" }), T0, "x");
    expect(t.job).toMatchObject({ status: "succeeded", synced: 7, endedAt: T0 });
    expect(t.next).toBeNull();
  });

  it("a Custom API that does not chain runs once even if it returns a cursor", () => {
    const j = job({ chained: false });
    const t = applySnapshot(j, op(j), snapshot(3, 30, { SyncedCount: 7, NextCursor: "more" }), T0, "x");
    expect(t.job.status).toBe("succeeded");
    expect(t.next).toBeNull();
  });

  it("fails with the Dataverse error and the batch; keeps the cursor to resume from", () => {
    const j = job({ status: "running", cursor: "c1" });
    const snap = { ...snapshot(3, 31), errorCode: "0x80040265", errorMessage: "ERP unavailable" };
    const t = applySnapshot(j, op(j, 2), snap, T0, "x");
    expect(t.job).toMatchObject({
      status: "failed",
      cursor: "c1",
      error: { code: "0x80040265", message: "ERP unavailable", batch: 2 },
    });
  });

  it("treats 32 Canceled as terminal", () => {
    const j = job({ status: "canceling" });
    expect(applySnapshot(j, op(j), snapshot(3, 32), T0, "x").job.status).toBe("canceled");
  });

  it("a canceling job whose last batch completes everything has succeeded", () => {
    const j = job({ status: "canceling" });
    const t = applySnapshot(j, op(j), snapshot(3, 30, { SyncedCount: 5, NextCursor: "" }), T0, "x");
    expect(t.job).toMatchObject({ status: "succeeded", synced: 5 });
  });

  it("a canceling job does not start another batch", () => {
    const j = job({ status: "canceling" });
    const t = applySnapshot(j, op(j), snapshot(3, 30, { SyncedCount: 5, NextCursor: "c2" }), T0, "x");
    expect(t.job).toMatchObject({ status: "canceled", synced: 5 });
    expect(t.next).toBeNull();
  });

  it("never moves backwards and never counts a batch twice", () => {
    const j = job({ status: "running" });
    const done = applySnapshot(j, op(j), snapshot(3, 30, { SyncedCount: 10, NextCursor: "" }), T0, "x");
    const again = applySnapshot(
      done.job,
      done.operation,
      snapshot(3, 30, { SyncedCount: 10, NextCursor: "" }),
      T0,
      "y",
    );
    expect(again.visible).toBe(false);
    expect(again.job.synced).toBe(10);
    const late = applySnapshot(done.job, done.operation, snapshot(2, 20), T0, "z");
    expect(late.visible).toBe(false);
    expect(late.operation.stateCode).toBe(3);
    const running = applySnapshot(j, { ...op(j), stateCode: 2, statusCode: 20 }, snapshot(0, 0), T0, "w");
    expect(running.visible).toBe(false);
  });
});

describe("a batch Dataverse retries", () => {
  const retries = (retryCount: number) => ({ retryCount, startTime: T0, endTime: null, outputs: {} });
  const locked = (j: JobRow) => ({ ...op(j), stateCode: 2, statusCode: 20, startedAt: T0 });

  it("is news while it runs again (2/20 already seen), without the state going back in its backoff (0/0)", () => {
    const j = job({ status: "running" });
    const again = applySnapshot(j, locked(j), snapshot(2, 20), T0 + 1, "x", retries(1));
    expect(again.visible).toBe(true);
    expect(again.operation).toMatchObject({ stateCode: 2, statusCode: 20, retryCount: 1, endedAt: null });
    const backoff = applySnapshot(j, again.operation, snapshot(0, 0), T0 + 2, "x", retries(2));
    expect(backoff.visible).toBe(true);
    expect(backoff.operation).toMatchObject({ stateCode: 2, statusCode: 20, retryCount: 2 });
  });

  it("is not news twice: the same retry count read again changes nothing", () => {
    const j = job({ status: "running" });
    const seen = { ...locked(j), retryCount: 1 };
    expect(applySnapshot(j, seen, snapshot(2, 20), T0 + 1, "x", retries(1)).visible).toBe(false);
    expect(applySnapshot(j, seen, snapshot(0, 0), T0 + 1, "x", retries(1)).visible).toBe(false);
  });
});

describe("run times from Dataverse", () => {
  const SECOND = 1000;
  const details = (startTime: number | null, endTime: number | null, outputs = {}) => ({
    retryCount: 0,
    startTime,
    endTime,
    outputs,
  });

  it("a job whose only news is the final callback started when Dataverse started it, not when the callback came", () => {
    const j = job();
    const t = applySnapshot(
      j,
      op(j),
      snapshot(3, 30, { SyncedCount: 7, NextCursor: "" }),
      T0 + 65 * SECOND,
      "x",
      details(T0 + 4 * SECOND, T0 + 64 * SECOND),
    );
    expect(t.job).toMatchObject({
      status: "succeeded",
      startedAt: T0 + 4 * SECOND,
      endedAt: T0 + 64 * SECOND,
    });
    expect(t.operation).toMatchObject({ startedAt: T0 + 4 * SECOND, endedAt: T0 + 64 * SECOND });
  });

  it("a start only observed by a poll gives way to Dataverse's; a later batch keeps the job's earliest start", () => {
    const j = job();
    const seen = applySnapshot(j, op(j), snapshot(2, 20), T0 + 30 * SECOND, "x");
    expect(seen.job.startedAt).toBe(T0 + 30 * SECOND);
    const done = applySnapshot(
      seen.job,
      seen.operation,
      snapshot(3, 30, { SyncedCount: 7, NextCursor: "c1" }),
      T0 + 65 * SECOND,
      "op-2",
      details(T0 + 4 * SECOND, T0 + 60 * SECOND),
    );
    expect(done.job).toMatchObject({ status: "running", startedAt: T0 + 4 * SECOND, endedAt: null });
    const second = { ...done.next!, backgroundOperationId: "bg-2" };
    const last = applySnapshot(
      done.job,
      second,
      snapshot(3, 30, { SyncedCount: 3, NextCursor: "" }),
      T0 + 200 * SECOND,
      "y",
      details(T0 + 70 * SECOND, T0 + 190 * SECOND),
    );
    expect(last.job).toMatchObject({ startedAt: T0 + 4 * SECOND, endedAt: T0 + 190 * SECOND });
  });

  it("falls back to its own observations when the row cannot be read", () => {
    const j = job();
    const t = applySnapshot(j, op(j), snapshot(3, 30, { NextCursor: "" }), T0 + 65 * SECOND, "x", null);
    expect(t.job).toMatchObject({ startedAt: T0 + 65 * SECOND, endedAt: T0 + 65 * SECOND });
  });
});

describe("a batch canceled while it ran", () => {
  const ran = (outputs: Record<string, unknown>) => ({
    retryCount: 0,
    startTime: T0,
    endTime: T0 + 10,
    outputs,
  });

  it("counts what it returned (kept in the row, not the monitor) once, and keeps its cursor to resume from", () => {
    const j = job({ status: "canceling" });
    const row = ran({ SyncedCount: 100, FailedCount: 2, TotalCount: 1000, NextCursor: "account:99" });
    const t = applySnapshot(j, op(j), snapshot(3, 32), T0 + 20, "x", row);
    expect(t.job).toMatchObject({
      status: "canceled",
      synced: 100,
      failed: 2,
      total: 1000,
      batches: 1,
      cursor: "account:99",
      error: null,
    });
    expect(t.next).toBeNull();
    const again = applySnapshot(t.job, t.operation, snapshot(3, 32), T0 + 30, "y", row);
    expect(again.visible).toBe(false);
    expect(again.job).toMatchObject({ synced: 100, batches: 1 });
  });

  it("ends succeeded when that batch completed everything", () => {
    const j = job({ status: "canceling" });
    const row = ran({ SyncedCount: 40, FailedCount: 0, TotalCount: 40, NextCursor: "" });
    const t = applySnapshot(j, op(j), snapshot(3, 32), T0 + 20, "x", row);
    expect(t.job).toMatchObject({ status: "succeeded", synced: 40, batches: 1 });
  });

  it("a batch canceled before it ran produced nothing to count", () => {
    const j = job({ status: "canceling", cursor: "c1" });
    const t = applySnapshot(j, op(j), snapshot(3, 32), T0, "x", { ...ran({}), startTime: null });
    expect(t.job).toMatchObject({ status: "canceled", synced: 0, batches: 0, cursor: "c1" });
  });
});

describe("job view", () => {
  it("renders the contract's Job JSON from rows", () => {
    const j = job({ status: "running", startedAt: T0 + 5, synced: 3, total: 10, batches: 1 });
    const o = { ...op(j), stateCode: 2, statusCode: 20, startedAt: T0 + 5, progressDone: 4 };
    expect(toJobJson(j, [o])).toEqual({
      id: j.id,
      customApi: "sample_SyncRecordsToExternalSystem",
      parameters: { EntityName: "account" },
      target: { entity: "account", id: "11111111-2222-4333-8444-555555555555" },
      requestedBy: { objectId: "oid-1", name: "Alex Wilber" },
      status: "running",
      createdAt: "2026-01-01T00:00:00.000Z",
      startedAt: "2026-01-01T00:00:00.005Z",
      endedAt: null,
      pausedMs: 0,
      progress: { synced: 3, failed: 0, total: 10, batches: 1 },
      operations: [
        {
          batch: 1,
          backgroundOperationId: "bg-1",
          stateCode: 2,
          statusCode: 20,
          retryCount: 0,
          createdAt: "2026-01-01T00:00:00.000Z",
          startedAt: "2026-01-01T00:00:00.005Z",
          endedAt: null,
          progress: { done: 4, total: null },
        },
      ],
      error: null,
      scheduleId: null,
      failedRecords: { listed: 0, dropped: 0, retryable: false },
      links: {
        self: `/api/jobs/${j.id}`,
        events: `/api/jobs/${j.id}/events`,
        failures: `/api/jobs/${j.id}/failures`,
      },
    });
  });
});
