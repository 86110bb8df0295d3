import { describe, expect, it, vi } from "vitest";
import { createLogger } from "../../server/logger";
import { createProgressBuffer } from "../../server/progress/progress-buffer";
import type { ProgressReport } from "../../server/progress/progress-report";
import { fakeClock } from "./support/harness";

/** One write at a time per operation, reports merged meanwhile; a per-operation rate limit. */

function setup(options: { intervalMs?: number; perSecond?: number } = {}) {
  const clock = fakeClock();
  const writes: { id: string; report: ProgressReport; done: () => void }[] = [];
  const buffer = createProgressBuffer({
    clock,
    logger: createLogger("silent"),
    intervalMs: options.intervalMs ?? 0,
    perSecond: options.perSecond ?? 100,
    write: (id, report) => new Promise<void>((done) => writes.push({ id, report, done })),
  });
  return { clock, writes, buffer };
}
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe("the progress buffer", () => {
  it("writes one report at a time per operation and merges those that come meanwhile", async () => {
    const { writes, buffer } = setup();
    buffer.offer("a", { done: 10, total: 100 });
    buffer.offer("b", { done: 1, total: null });
    expect(writes.map((w) => [w.id, w.report.done])).toEqual([
      ["a", 10],
      ["b", 1],
    ]);
    buffer.offer("a", { done: 30, total: null });
    buffer.offer("a", { done: 20, total: null });
    expect(writes).toHaveLength(2);
    writes[0]!.done();
    await settled();
    expect(writes[2]).toMatchObject({ id: "a", report: { done: 30, total: null } });
  });

  it("stores an operation's first report only an interval after it came, merged with what followed", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const { clock, writes, buffer } = setup({ intervalMs: 1000 });
      const wait = (ms: number) => {
        clock.advance(ms);
        vi.advanceTimersByTime(ms);
      };
      buffer.offer("a", { done: 10, total: 100 });
      buffer.offer("a", { done: 40, total: 100 });
      wait(999);
      expect(writes).toHaveLength(0);
      wait(1);
      expect(writes.map((w) => w.report)).toEqual([{ done: 40, total: 100 }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("flush waits for the write under way, then stores what came during it", async () => {
    const { writes, buffer } = setup({ intervalMs: 0 });
    buffer.offer("a", { done: 10, total: 100 });
    buffer.offer("a", { done: 40, total: 100 });
    let flushed = false;
    const flush = buffer.flush().then(() => (flushed = true));
    await settled();
    expect(flushed).toBe(false);
    writes[0]!.done();
    await settled();
    expect(writes[1]?.report).toEqual({ done: 40, total: 100 });
    writes[1]!.done();
    await flush;
  });

  it("refuses an operation's reports beyond its allowance, with Retry-After, until it refills", () => {
    const { clock, buffer } = setup({ perSecond: 1 });
    expect(buffer.offer("a", { done: 1, total: null })).toEqual({ ok: true });
    expect(buffer.offer("a", { done: 2, total: null })).toEqual({ ok: true });
    expect(buffer.offer("a", { done: 3, total: null })).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(buffer.offer("b", { done: 1, total: null })).toEqual({ ok: true });
    clock.advance(1000);
    expect(buffer.offer("a", { done: 3, total: null })).toEqual({ ok: true });
  });

  it("stores nothing more once closed", async () => {
    const { writes, buffer } = setup();
    buffer.offer("a", { done: 1, total: null });
    buffer.offer("a", { done: 2, total: null });
    buffer.close();
    writes[0]!.done();
    await settled();
    expect(writes).toHaveLength(1);
  });
});
