import type { BenchResult } from "./result";
import * as notifyDelivery from "./notify-delivery";
import * as sseFanout from "./sse-fanout";
import * as groupCommit from "./store-group-commit";
import * as pgGroupCommit from "./store-pg-group-commit";
import * as retention from "./store-retention";

// `npm run bench [name...]`: runs the benchmarks one after another (they would skew each other in
// parallel on two cores) and prints one JSON line per result, then a readable summary. The soak
// (store-retention, several minutes of simulated months) runs only when named.
const benches: Record<string, { run(): Promise<BenchResult> }> = {
  "store-group-commit": groupCommit,
  "store-pg-group-commit": pgGroupCommit,
  "sse-fanout": sseFanout,
  "notify-delivery": notifyDelivery,
  "store-retention": retention,
};

const SOAKS = new Set(["store-retention"]);
const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
const results: BenchResult[] = [];
for (const [name, bench] of Object.entries(benches)) {
  if (wanted.length ? !wanted.includes(name) : SOAKS.has(name)) continue;
  const result = await bench.run();
  console.log(JSON.stringify(result));
  results.push(result);
}
for (const r of results) {
  const figures = Object.entries(r.figures)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  console.log(`${r.name}: ${figures}; ${r.ratio.label}: ${r.ratio.value.toFixed(2)}x`);
}
