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
    const job = finished(running(makeJob(), 3000, 3000, 3), "succeeded", {
      progress: { synced: 3000, failed: 2, total: 3002, batches: 3 },
    });
    const view = describeJob(job, strings, format);
    expect(view).toMatchObject({ statusText: "Succeeded", active: false, progress: null, tone: "success" });
    expect(view.summary).toBe("3,000 synced · 2 failed · in 1 min 5 s");
  });

  it("failed: a plain title, what to do, retries made, how far it got, the codes in a details line", () => {
    const base = running(makeJob(), 1800, 4000, 2);
    const job = finished(base, "failed", {
      error: { code: "0x80040265", message: "External system answered 503 for a batch of 100", batch: 3 },
      operations: [{ ...operation(3), retryCount: 3 }],
    });
    expect(describeJob(job, strings, format).error).toEqual({
      title: "Sync stopped at batch 3",
      lines: [
        "Select Resume to continue where it stopped. If it stops again, send the details below to your administrator.",
        "Dataverse already retried this batch 3 times.",
        "1,800 of 4,000 records were synced before it stopped.",
      ],
      details: "Details: External system answered 503 for a batch of 100 · Error code 0x80040265",
      message: "External system answered 503 for a batch of 100",
    });
    const bare = describeJob(finished(makeJob(), "failed"), strings, format).error;
    expect(bare?.title).toBe("Sync stopped");
    expect(bare?.lines[0]).toMatch(/^Select Retry/);
    expect(bare?.details).toBe("Details: The sync failed without a message.");
  });
});
