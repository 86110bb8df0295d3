import { z } from "@hono/zod-openapi";

/**
 * What a plug-in posts to its progress URL (docs/plugin-progress.md): records this run has finished
 * so far (synced or failed), and the records in the whole sync when it knows them (its TotalCount).
 * Bounded so that a report can never make the job's figures absurd.
 */
const MAX_RECORDS = 1_000_000_000;

export const ProgressReportSchema = z
  .object({
    done: z.number().int().min(0).max(MAX_RECORDS),
    total: z.number().int().min(0).max(MAX_RECORDS).nullish(),
  })
  .refine((r) => r.total == null || r.done <= r.total, {
    path: ["done"],
    message: "must not be more than total",
  })
  .openapi("ProgressReport");

export type ProgressReport = { done: number; total: number | null };

/** Two reports of one run merged: progress never goes back, and the latest known total stands. */
export const mergeReports = (a: ProgressReport | null, b: ProgressReport): ProgressReport =>
  a === null ? b : { done: Math.max(a.done, b.done), total: b.total ?? a.total };

/**
 * The operation with a report applied, or null when it changes nothing: an operation that has
 * ended keeps what it had (its outputs are the truth now), and progress never goes back.
 */
export function withProgress<O extends { progressDone: number | null; progressTotal: number | null }>(
  op: O,
  ended: boolean,
  report: ProgressReport,
): O | null {
  if (ended) return null;
  const done = Math.max(op.progressDone ?? 0, report.done);
  const total = report.total ?? op.progressTotal;
  if (done === op.progressDone && total === op.progressTotal) return null;
  return { ...op, progressDone: done, progressTotal: total };
}
