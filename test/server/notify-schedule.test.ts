import { describe, expect, it } from "vitest";
import { nextAttemptAt, parseRetryAfter } from "../../server/notify/schedule";

const NOW = Date.parse("2026-12-08T10:00:00Z");
const plan = { windowMs: 24 * 3600_000, random: () => 0.5 };
const row = { createdAt: NOW, attempts: 1 };

describe("notification retry schedule", () => {
  it("reads Retry-After as delta-seconds or an HTTP-date, and ignores anything else", () => {
    expect(parseRetryAfter("120", NOW)).toBe(120_000);
    expect(parseRetryAfter("Tue, 08 Dec 2026 10:05:00 GMT", NOW)).toBe(300_000);
    expect(parseRetryAfter("Tuesday, 08-Dec-26 10:05:00 GMT", NOW)).toBe(300_000);
    expect(parseRetryAfter("Tue Dec  8 10:05:00 2026", NOW)).toBe(300_000);
    for (const nonsense of ["1.5", "-5", "2026-12-08", "soon", "", null])
      expect(parseRetryAfter(nonsense, NOW)).toBeNull();
  });

  it("lets Retry-After lengthen the backoff but never shorten it", () => {
    expect(nextAttemptAt(plan, row, NOW, null)).toBe(NOW + 30_000);
    expect(nextAttemptAt(plan, row, NOW, 0)).toBe(NOW + 30_000);
    expect(nextAttemptAt(plan, row, NOW, 600_000)).toBe(NOW + 600_000);
    expect(nextAttemptAt(plan, row, NOW, 10 * 3600_000)).toBe(NOW + 4 * 3600_000);
  });

  it("lands the last attempt at the window's end, then gives up", () => {
    const late = NOW + plan.windowMs - 10_000;
    expect(nextAttemptAt(plan, { createdAt: NOW, attempts: 12 }, late, null)).toBe(NOW + plan.windowMs);
    expect(nextAttemptAt(plan, row, NOW + plan.windowMs, null)).toBeNull();
  });
});
