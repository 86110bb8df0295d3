/** Order statistics and the interleaved repetitions every benchmark reports. */

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const median = (values: readonly number[]) => quantile(values, 0.5);

/** A median over repetitions with its spread (smallest and largest repetition). */
export interface Measured {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function measured(runs: number[]): Measured {
  return { median: median(runs), min: Math.min(...runs), max: Math.max(...runs), runs };
}

/**
 * Runs every side once per repetition, alternating which goes first, so drift on a shared machine
 * (other work, thermal, page cache) falls on both sides alike.
 */
export async function interleave<S extends Record<string, unknown>>(
  repetitions: number,
  sides: { [K in keyof S]: () => Promise<S[K]> },
): Promise<{ [K in keyof S]: S[K][] }> {
  const names = Object.keys(sides) as (keyof S)[];
  const out = Object.fromEntries(names.map((n) => [n, []])) as unknown as { [K in keyof S]: S[K][] };
  for (let rep = 0; rep < repetitions; rep++) {
    const order = rep % 2 === 0 ? names : [...names].reverse();
    for (const name of order) out[name].push(await sides[name]());
  }
  return out;
}

/** Milliseconds on the machine's monotonic clock, which every process on it reads alike. */
export const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;
