import type { Measured } from "./stats";

/**
 * One goal from issue #15's table: a measured figure (a median over repetitions, with its spread),
 * compared with a bound, either a fixed one or a reference measured in the same run.
 */
export interface Goal {
  label: string;
  value: Measured;
  /** What the value is held against, e.g. "<= 2" or "<= 1.25x raw node:http". */
  bound: string;
  /** value / reference (or value / bound for a fixed bound): met when <= 1. */
  ratio: number;
  met: boolean;
}

/** What every benchmark returns: raw figures and the goals they decide, measured in the same run. */
export interface BenchResult {
  name: string;
  figures: Record<string, number | string>;
  goals: Goal[];
}

/** `value` must stay at or under `limit` (a fixed bound, or `factor` times a measured reference). */
export function atMost(label: string, value: Measured, limit: number, bound: string): Goal {
  const ratio = value.median / limit;
  return { label, value, bound, ratio, met: value.median <= limit };
}

/** A figure without a bound in the table: its median and spread are printed, nothing decided. */
export function figure(label: string, value: Measured): Goal {
  return { label, value, bound: "", ratio: Number.NaN, met: true };
}

/** `value` must stay at or above `limit`. */
export function atLeast(label: string, value: Measured, limit: number, bound: string): Goal {
  const ratio = limit / value.median;
  return { label, value, bound, ratio, met: value.median >= limit };
}
