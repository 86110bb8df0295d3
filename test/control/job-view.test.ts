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

  it("failed: message, Dataverse error code and batch", () => {
    const job = finished(running(makeJob(), 1000, 3000, 2), "failed", {
      error: { code: "0x80040265", message: "ERP refused the batch", batch: 2 },
    });
    expect(describeJob(job, strings, format).error).toEqual({
      message: "ERP refused the batch",
      code: "Error code 0x80040265",
      batch: "Batch 2",
    });
    const bare = finished(makeJob(), "failed");
    expect(describeJob(bare, strings, format).error).toEqual({
      message: "The sync failed without a message.",
      code: null,
      batch: null,
    });
  });
});
