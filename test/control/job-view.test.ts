import { describe, expect, it } from "vitest";
import { createFormatter } from "../../control/format";
import { describeJob } from "../../control/job-view";
import { createStrings } from "../../control/strings";
import { finished, makeJob, running } from "../support/jobs";
import { readResx } from "../support/resx";

const resx = readResx(1033);
const strings = createStrings((key) => resx.get(key) ?? "");
const format = createFormatter(
  {
    groupSeparator: ",",
    groupSizes: [3],
    shortDatePattern: "M/d/yyyy",
    shortTimePattern: "h:mm tt",
    amDesignator: "AM",
    pmDesignator: "PM",
    timeZoneOffsetMinutes: () => 0,
  },
  strings,
);

const operation = (batch: number) => ({
  batch,
  backgroundOperationId: null,
  stateCode: 2,
  statusCode: 31,
  retryCount: 0,
  createdAt: "2026-11-26T10:00:00.000Z",
  startedAt: null,
  endedAt: null,
});

describe("job view", () => {
  it("queued: waiting, indeterminate", () => {
    const view = describeJob(makeJob(), strings, format);
    expect(view).toMatchObject({ statusText: "Queued", active: true, summary: null, error: null });
    expect(view.progress).toEqual({
      label: "Waiting for Dataverse to start the first batch",
      fraction: undefined,
    });
  });

  it("running as soon as Dataverse accepted batch 1, before any count", () => {
    const view = describeJob(running(makeJob(), 0, null, 0), strings, format);
    expect(view.statusText).toBe("Running");
    expect(view.progress).toEqual({ label: "Dataverse is running the first batch", fraction: undefined });
  });

  it("running: records x of N and a percentage, with a fraction only when the total is known", () => {
    const known = describeJob(running(makeJob(), 1500, 3000, 2), strings, format);
    expect(known.progress).toEqual({ label: "1,500 of 3,000 records (50%)", fraction: 0.5 });
    const unknown = describeJob(running(makeJob(), 1500, null, 2), strings, format);
    expect(unknown.progress).toEqual({ label: "1,500 records synced", fraction: undefined });
  });

  it("succeeded: counts and duration", () => {
    const job = finished(running(makeJob(), 3000, 3000, 3), "succeeded");
    const view = describeJob(job, strings, format);
    expect(view).toMatchObject({
      statusText: "Succeeded",
      kind: "succeeded",
      active: false,
      tone: "success",
    });
    expect(view.summary).toBe("3,000 synced · in 1 min 5 s");
    // The bar stays, full, under the summary: the control does not shrink as the job ends.
    expect(view.progress).toEqual({ label: "3,000 synced · in 1 min 5 s", fraction: 1 });
  });

  it("a job that stopped short leaves its bar where it got to, or empty without a total", () => {
    const failed = finished(running(makeJob(), 1800, 4000, 2), "failed");
    expect(describeJob(failed, strings, format).progress.fraction).toBe(0.45);
    expect(describeJob(finished(makeJob(), "canceled"), strings, format).progress.fraction).toBe(0);
  });

  it("a resumed job's duration leaves out the time it stood canceled", () => {
    const job = { ...finished(running(makeJob(), 3000, 3000, 3), "succeeded"), pausedMs: 45_000 };
    expect(describeJob(job, strings, format).summary).toBe("3,000 synced · in 20 s");
  });

  it("stopped short: how far it got of how much; no duration for one that never began", () => {
    const canceled = finished(running(makeJob(), 900, 3000, 2), "canceled");
    expect(describeJob(canceled, strings, format).summary).toBe("900 of 3,000 synced · in 1 min 5 s");
    const failed = finished(running(makeJob(), 900, 3000, 2), "failed", {
      progress: { synced: 900, failed: 100, total: 3000, batches: 2 },
    });
    expect(describeJob(failed, strings, format).summary).toBe(
      "900 of 3,000 synced · 100 failed · in 1 min 5 s",
    );
    const never = finished(makeJob(), "canceled", {
      startedAt: "2026-11-26T10:01:06.000Z",
      endedAt: "2026-11-26T10:01:06.000Z",
    });
    expect(describeJob(never, strings, format).summary).toBe("0 synced");
  });

  it("succeeded with failed records: Completed with errors, in a warning tone, never green", () => {
    const job = finished(running(makeJob(), 3840, 4000, 3), "succeeded", {
      progress: { synced: 3840, failed: 160, total: 4000, batches: 3 },
    });
    const view = describeJob(job, strings, format);
    expect(view).toMatchObject({
      status: "succeeded",
      kind: "completedWithErrors",
      statusText: "Completed with errors",
      tone: "warning",
    });
    expect(view.summary).toBe("3,840 synced · 160 failed · in 1 min 5 s");
  });

  it("running: the bar moves within a batch from the plug-in's report, and ignores an ended run's", () => {
    const ended = { ...operation(1), stateCode: 3, statusCode: 30, endedAt: "2026-11-26T10:00:30.000Z" };
    const base = running(makeJob(), 1000, 4000, 1);
    const reporting = { ...operation(2), statusCode: 20, progress: { done: 800, total: 4000 } };
    expect(describeJob({ ...base, operations: [ended, reporting] }, strings, format).progress).toEqual({
      label: "1,800 of 4,000 records (45%)",
      fraction: 0.45,
    });
    const stale = { ...ended, progress: { done: 999, total: 4000 } };
    expect(describeJob({ ...base, operations: [stale] }, strings, format).progress?.label).toBe(
      "1,000 of 4,000 records (25%)",
    );
    // The first batch, before any batch ended: the plug-in's total stands in for the job's.
    const first = running(makeJob(), 0, null, 0);
    const firstRun = { ...operation(1), statusCode: 20, progress: { done: 1200, total: 4000 } };
    expect(describeJob({ ...first, operations: [firstRun] }, strings, format).progress?.label).toBe(
      "1,200 of 4,000 records (30%)",
    );
  });

  it("failed: a plain title, what to do if it fails again, retries made, the codes in a details line", () => {
    const base = running(makeJob(), 1800, 4000, 2);
    const job = finished(base, "failed", {
      error: { code: "0x80040265", message: "External system answered 503 for a batch of 100", batch: 3 },
      operations: [{ ...operation(3), retryCount: 3 }],
    });
    expect(describeJob(job, strings, format).error).toEqual({
      title: "Sync stopped at batch 3",
      lines: [
        "If it stops again after Resume, send the details below to your administrator.",
        "Dataverse already retried this batch 3 times.",
      ],
      details: "Details: External system answered 503 for a batch of 100 · Error code 0x80040265",
      message: "External system answered 503 for a batch of 100",
    });
    const bare = describeJob(finished(makeJob(), "failed"), strings, format).error;
    expect(bare?.title).toBe("Sync stopped");
    expect(bare?.lines).toEqual([
      "If it fails again after Retry, send the details below to your administrator.",
    ]);
    expect(bare?.details).toBe("Details: The sync failed without a message.");
  });
});
