/** What every benchmark returns: raw figures, and the ratio it exists to show, measured in the same run. */
export interface BenchResult {
  name: string;
  figures: Record<string, number>;
  ratio: { label: string; value: number };
}
