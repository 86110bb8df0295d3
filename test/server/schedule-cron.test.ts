import { describe, expect, it } from "vitest";
import { cronProblems, nextRunAfter } from "../../server/schedules/cron";

const next = (cron: string, after: string) =>
  new Date(nextRunAfter(cron, "Europe/Paris", Date.parse(after))!).toISOString();

/** Every run in Paris from `from` to `to`, one after another as the ticker would take them. */
function runs(cron: string, from: string, to: string): string[] {
  const seen: string[] = [];
  for (let t = nextRunAfter(cron, "Europe/Paris", Date.parse(from)); t !== null && t <= Date.parse(to);) {
    seen.push(new Date(t).toISOString());
    t = nextRunAfter(cron, "Europe/Paris", t);
  }
  return seen;
}

describe("cron in a time zone", () => {
  it("runs a wall-clock time skipped by the spring-forward at the first minute after it", () => {
    expect(next("30 2 * * *", "2026-03-28T12:00:00Z")).toBe("2026-03-29T01:00:00.000Z"); // 03:00 CEST
    expect(next("30 2 * * *", "2026-03-29T01:00:00Z")).toBe("2026-03-30T00:30:00.000Z");
  });

  it("runs a wall-clock time repeated by the autumn fall-back once", () => {
    expect(next("30 2 * * *", "2026-10-24T12:00:00Z")).toBe("2026-10-25T00:30:00.000Z"); // first 02:30
    expect(next("30 2 * * *", "2026-10-25T00:30:00Z")).toBe("2026-10-26T01:30:00.000Z");
  });

  it("runs several wall-clock times a spring-forward skips once, at the first minute after it", () => {
    expect(runs("0,30 2 * * *", "2026-03-28T12:00:00Z", "2026-03-30T12:00:00Z")).toEqual([
      "2026-03-29T01:00:00.000Z", // 02:00 and 02:30 CET never come: 03:00 CEST, once
      "2026-03-30T00:00:00.000Z",
      "2026-03-30T00:30:00.000Z",
    ]);
    expect(runs("15 2,3 * * *", "2026-03-28T12:00:00Z", "2026-03-29T12:00:00Z")).toEqual([
      "2026-03-29T01:00:00.000Z",
      "2026-03-29T01:15:00.000Z", // 03:15 CEST
    ]);
  });

  it("runs each wall-clock time a fall-back repeats once, even with several in the repeated hour", () => {
    expect(runs("15 2,3 * * *", "2026-10-24T12:00:00Z", "2026-10-25T12:00:00Z")).toEqual([
      "2026-10-25T00:15:00.000Z", // 02:15 CEST; not 02:15 CET again
      "2026-10-25T02:15:00.000Z", // 03:15 CET
    ]);
  });

  it("keeps an every-hour expression on elapsed time through both changes", () => {
    expect(runs("*/30 * * * *", "2026-10-24T23:40:00Z", "2026-10-25T01:40:00Z")).toEqual([
      "2026-10-25T00:00:00.000Z", // 02:00 CEST
      "2026-10-25T00:30:00.000Z",
      "2026-10-25T01:00:00.000Z", // 02:00 CET: the repeated hour runs too
      "2026-10-25T01:30:00.000Z",
    ]);
    expect(runs("*/30 * * * *", "2026-03-29T00:10:00Z", "2026-03-29T01:40:00Z")).toEqual([
      "2026-03-29T00:30:00.000Z",
      "2026-03-29T01:00:00.000Z", // 03:00 CEST, right after 01:30 CET
      "2026-03-29T01:30:00.000Z",
    ]);
  });

  it("maps a half-hour change (Lord Howe) and a change at midnight (Santiago) the same way", () => {
    const at = (cron: string, zone: string, after: string) =>
      new Date(nextRunAfter(cron, zone, Date.parse(after))!).toISOString();
    // 02:15 on 2026-10-04 falls in Lord Howe's 02:00-02:30 gap: 02:30 (+11:00).
    expect(at("15 2 * * *", "Australia/Lord_Howe", "2026-10-03T12:00:00Z")).toBe("2026-10-03T15:30:00.000Z");
    // Midnight on 2026-09-06 never comes in Santiago: 01:00 (-03:00).
    expect(at("0 0 * * *", "America/Santiago", "2026-09-05T12:00:00Z")).toBe("2026-09-06T04:00:00.000Z");
  });

  it("counts the next run strictly after the given time", () => {
    expect(next("0 6 * * *", "2026-01-05T05:00:00Z")).toBe("2026-01-06T05:00:00.000Z");
  });

  it("names the field of each problem", () => {
    expect(cronProblems("0 6 * * *", "Europe/Paris")).toEqual([]);
    expect(cronProblems("0 6 * *", "Europe/Paris").map((p) => p.path)).toEqual(["cron"]);
    expect(cronProblems("0 0 6 * * *", "Europe/Paris").map((p) => p.path)).toEqual(["cron"]);
    expect(cronProblems("0 25 * * *", "Nowhere/Else").map((p) => p.path)).toEqual(["cron", "timeZone"]);
    expect(cronProblems("0 0 30 2 *", "UTC")).toEqual([{ path: "cron", message: "never comes due" }]);
  });
});
