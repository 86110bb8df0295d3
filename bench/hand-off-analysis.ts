import type { Job } from "../server/jobs/job-json";
import { median, quantile } from "./stats";

/** A request seen arriving at an HTTP server, on the machine's monotonic clock. */
export type Seen = { at: number; method: string; url: string };

export const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** One chained job as the benchmark saw it: the API's view, the emulator's counters and arrivals. */
export interface Run {
  job: Job;
  counters: Record<string, number>;
  seen: Seen[];
  arrivals: (Seen & { answeredAt?: number })[];
}

/**
 * Batch n's callback is followed by batch n+1's start: the gap is the hand-off. Within it, the
 * emulator's own answer to the row's read (its arrival to the answer handed to the socket) is
 * Dataverse's part, not the API's.
 */
function handOffs(run: Run) {
  const callbacks = new Map<string, number>();
  for (const s of run.seen) {
    const path = s.url.split("?")[0]!;
    // A batch's end, not the progress it reported along the way.
    if (/^\/callbacks\/operations\/[^/]+$/.test(path) && !callbacks.has(path)) callbacks.set(path, s.at);
  }
  const starts = run.arrivals.filter((s) => s.method === "POST" && s.url.includes("sample_SyncRecords"));
  const reads = run.arrivals.filter((s) => s.method === "GET" && s.url.includes("backgroundoperations("));
  const callbackTimes = [...callbacks.values()].sort((a, b) => a - b);
  return starts
    .map((s) => {
      const callback = callbackTimes.filter((c) => c <= s.at).at(-1) ?? Number.NaN;
      const read = reads.find((r) => r.at >= callback && r.at <= s.at);
      return { gap: s.at - callback, emulator: (read?.answeredAt ?? Number.NaN) - (read?.at ?? 0) };
    })
    .filter((h) => Number.isFinite(h.gap));
}

export function analyse(run: Run) {
  const measuredHandOffs = handOffs(run);
  const handoffs = measuredHandOffs.map((h) => h.gap);
  const emulatorMs = measuredHandOffs.map((h) => h.emulator).filter((ms) => Number.isFinite(ms));
  const runMs = sum(
    run.job.operations.map((o) => Date.parse(o.endedAt ?? "") - Date.parse(o.startedAt ?? "")),
  );
  const batches = run.job.operations.length;
  const dataverse = Object.entries(run.counters).filter(([route]) =>
    route.split(" ")[1]!.startsWith("/api/"),
  );
  const perBatch = sum(dataverse.filter(([, n]) => n > 1).map(([, n]) => n)) / batches;
  const third = Math.floor(handoffs.length / 3);
  return {
    batches,
    perBatch,
    p50: quantile(handoffs, 0.5),
    p99: quantile(handoffs, 0.99),
    max: Math.max(...handoffs),
    growth: median(handoffs.slice(-third)) / median(handoffs.slice(0, third)),
    overhead: (sum(handoffs) / runMs) * 100,
    emulator: median(emulatorMs),
    apiOverhead: ((sum(handoffs) - sum(emulatorMs)) / runMs) * 100,
    batchMs: runMs / batches,
  };
}
