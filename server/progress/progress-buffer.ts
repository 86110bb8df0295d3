import type { Clock } from "../clock";
import type { Logger } from "../logger";
import type { RateDecision } from "../routes/rate-limit";
import { mergeReports, type ProgressReport } from "./progress-report";

/**
 * In-batch progress may arrive after every ERP request, many times a second for a fast plug-in.
 * Each report is only a hint (the batch's end brings the real counts), so it is not worth a durable
 * write of its own: reports of one operation are merged in memory (highest `done` wins) and written
 * at most once per `intervalMs`, through the store's group commit, as an ordinary job change, so
 * every viewer on every instance gets it the way it gets any change. A crash loses at most the last
 * interval's progress. Posts beyond `perSecond` per operation (burst twice that) are refused with a
 * Retry-After, so a runaway plug-in costs a signature check and nothing more.
 */

export interface ProgressBuffer {
  offer(operationId: string, report: ProgressReport): RateDecision;
  /** Writes whatever is waiting now (shutdown). */
  flush(): Promise<void>;
  close(): void;
}

interface Entry {
  pending: ProgressReport | null;
  lastWriteAt: number;
  timer: NodeJS.Timeout | null;
  /** The write under way, if any: one at a time per operation. */
  writing: Promise<void> | null;
  tokens: number;
  tokensAt: number;
}

/** Entries idle this long are forgotten once the map is large. */
const IDLE_MS = 60_000;
const MAX_ENTRIES = 10_000;

export function createProgressBuffer(d: {
  clock: Clock;
  logger: Logger;
  intervalMs: number;
  perSecond: number;
  write: (operationId: string, report: ProgressReport) => Promise<void>;
}): ProgressBuffer {
  const entries = new Map<string, Entry>();
  const burst = d.perSecond * 2;
  let closed = false;

  function write(id: string, e: Entry): Promise<void> {
    e.timer = null;
    const report = e.pending;
    if (report === null || e.writing) return e.writing ?? Promise.resolve();
    e.pending = null;
    e.writing = d
      .write(id, report)
      .catch((err: unknown) => d.logger.warn({ operationId: id, err }, "storing progress failed"))
      .finally(() => {
        e.writing = null;
        e.lastWriteAt = d.clock.now();
        schedule(id, e);
      });
    return e.writing;
  }

  function schedule(id: string, e: Entry) {
    if (closed || e.pending === null || e.timer !== null || e.writing) return;
    const wait = e.lastWriteAt + d.intervalMs - d.clock.now();
    if (wait <= 0) void write(id, e);
    // A report waiting for its turn never keeps the process alive.
    else e.timer = setTimeout(() => void write(id, e), wait).unref();
  }

  // A full map is swept at most once a second: a sweep walks every entry, and offers are hot.
  let sweptAt = -Infinity;
  function sweep(now: number) {
    if (entries.size < MAX_ENTRIES || now - sweptAt < 1000) return;
    sweptAt = now;
    for (const [id, e] of entries)
      if (e.pending === null && !e.writing && now - e.lastWriteAt > IDLE_MS) entries.delete(id);
  }

  return {
    offer(id, report) {
      const now = d.clock.now();
      sweep(now);
      let e = entries.get(id);
      if (!e) {
        // The first report waits an interval too: a batch that ends sooner brings its real counts
        // with its end, and a write of its progress would only compete with that batch's hand-off
        // for the store and for every viewer's stream.
        e = { pending: null, lastWriteAt: now, timer: null, writing: null, tokens: burst, tokensAt: now };
        entries.set(id, e);
      }
      e.tokens = Math.min(burst, e.tokens + ((now - e.tokensAt) * d.perSecond) / 1000);
      e.tokensAt = now;
      if (e.tokens < 1) return { ok: false, retryAfterSeconds: 1 };
      e.tokens -= 1;
      e.pending = mergeReports(e.pending, report);
      schedule(id, e);
      return { ok: true };
    },
    /** Stores every waiting report now and waits for the writes under way (shutdown, tests). */
    async flush() {
      const all = [...entries];
      for (const [, e] of all) if (e.timer) clearTimeout(e.timer);
      await Promise.all(
        all.map(async ([id, e]) => {
          await e.writing;
          await write(id, e);
        }),
      );
    },
    close() {
      closed = true;
      for (const e of entries.values()) if (e.timer) clearTimeout(e.timer);
      entries.clear();
    },
  };
}
