import { describe, expect, it } from "vitest";
import { cronProblems, nextRunAfter } from "../../server/schedules/cron";

const next = (cron: string, after: string) =>
  new Date(nextRunAfter(cron, "Europe/Paris", Date.parse(after))!).toISOString();

describe("cron in a time zone", () => {
  it("runs a wall-clock time skipped by the spring-forward at the first minute after it", () => {
    expect(next("30 2 * * *", "2026-03-28T12:00:00Z")).toBe("2026-03-29T01:00:00.000Z"); // 03:00 CEST
    expect(next("30 2 * * *", "2026-03-29T01:00:00Z")).toBe("2026-03-30T00:30:00.000Z");
  });

  it("runs a wall-clock time repeated by the autumn fall-back once", () => {
    expect(next("30 2 * * *", "2026-10-24T12:00:00Z")).toBe("2026-10-25T00:30:00.000Z"); // first 02:30
    expect(next("30 2 * * *", "2026-10-25T00:30:00Z")).toBe("2026-10-26T01:30:00.000Z");
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
