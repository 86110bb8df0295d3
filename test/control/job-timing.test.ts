import { describe, expect, it } from "vitest";
import { createFormatter } from "../../control/format";
import { describeRetry, describeTiming } from "../../control/job-timing";
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
const START = Date.parse("2026-11-26T10:00:01.000Z");
const operation = (batch: number, retryCount: number, endedAt: string | null = null) => ({
  batch,
  backgroundOperationId: `bg-${batch}`,
  stateCode: endedAt === null ? 1 : 2,
  statusCode: endedAt === null ? 20 : 30,
  retryCount,
  createdAt: "2026-11-26T10:00:00.000Z",
  startedAt: null,
  endedAt,
});

describe("job timing", () => {
  it("elapsed from the start; no estimate before it means something", () => {
    const job = running(makeJob(), 100, 4000, 1);
    const timing = describeTiming(
      { job, now: START + 5_000, updatedAt: START, stale: false },
      strings,
      format,
    );
    expect(timing).toBe("Elapsed 5 s");
  });

  it("after a resume, counts run time only, and estimates from it", () => {
    // Ran 30 s to 1,000 records, stood canceled 45 s, has run 30 s more since its resume.
    const job = { ...running(makeJob(), 2000, 4000, 2), pausedMs: 45_000 };
    const timing = describeTiming(
      { job, now: START + 105_000, updatedAt: START, stale: false },
      strings,
      format,
    );
    // 2,000 records in 60 s of running: 2,000 more take 60 s.
    expect(timing).toBe("Elapsed 1 min · about 1 min left");
  });

  it("an estimate of time left from the observed rate, once meaningful", () => {
    const job = running(makeJob(), 1800, 4000, 2);
    const timing = describeTiming(
      { job, now: START + 90_000, updatedAt: START, stale: false },
      strings,
      format,
    );
    // 1,800 records in 90 s: 2,200 more take 110 s.
    expect(timing).toBe("Elapsed 1 min 30 s · about 1 min 50 s left");
  });

  it("estimates from the running batch's own report too, before any batch ended", () => {
    const base = running(makeJob(), 0, null, 0);
    const job = { ...base, operations: [{ ...operation(1, 0), progress: { done: 1000, total: 4000 } }] };
    const timing = describeTiming(
      { job, now: START + 30_000, updatedAt: START, stale: false },
      strings,
      format,
    );
    // 1,000 records in 30 s: 3,000 more take 90 s.
    expect(timing).toBe("Elapsed 30 s · about 1 min 30 s left");
  });

  it("says when what is shown was last true, when it may be stale", () => {
    const job = running(makeJob(), 100, 4000, 1);
    const updatedAt = Date.parse("2026-11-26T10:42:00.000Z");
    const timing = describeTiming({ job, now: START + 5_000, updatedAt, stale: true }, strings, format);
    expect(timing).toBe("Elapsed 5 s · last update 10:42 AM");
  });

  it("when it ended for a finished job, with no estimate and no staleness", () => {
    const job = finished(running(makeJob(), 5, 5), "succeeded");
    expect(describeTiming({ job, now: START, updatedAt: START, stale: true }, strings, format)).toBe(
      `Ended ${format.dateTime(new Date(job.endedAt!))}`,
    );
  });

  it("a batch being retried is said, with the attempt, once the job knows the retry count", () => {
    const base = running(makeJob(), 1800, 4000, 2);
    const retrying = { ...base, operations: [operation(1, 0, "2026-11-26T10:00:30.000Z"), operation(3, 1)] };
    expect(describeRetry(retrying, strings)).toBe("Retrying batch 3, attempt 2 of 4");
    const healthy = { ...base, operations: [operation(3, 0)] };
    expect(describeRetry(healthy, strings)).toBeNull();
  });
});
