import * as callbackRoute from "./callback-route";
import * as chainedJob from "./chained-job";
import * as notifyDelivery from "./notify-delivery";
import * as progressReports from "./progress-reports";
import type { BenchResult, Goal } from "./result";
import * as sseFanout from "./sse-fanout";
import * as groupCommit from "./store-group-commit";
import * as pgGroupCommit from "./store-pg-group-commit";
import * as retention from "./store-retention";

// `npm run bench [name...]`: runs the benchmarks one after another (they would skew each other in
// parallel on two cores) and prints one JSON line per result, then every goal: met or missed, its
// median over interleaved repetitions, their spread, and its ratio to the bound. The soak
// (store-retention, several minutes of simulated months) runs only when named.
const benches: Record<string, { run(): Promise<BenchResult> }> = {
  "chained-job": chainedJob,
  "callback-route": callbackRoute,
  "sse-fanout": sseFanout,
  "store-group-commit": groupCommit,
  "store-pg-group-commit": pgGroupCommit,
  "notify-delivery": notifyDelivery,
  "progress-reports": progressReports,
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

const num = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));
const line = (g: Goal) => {
  const verdict = g.bound === "" ? "figure" : g.met ? "MET   " : "MISSED";
  const spread = `median ${num(g.value.median)} [${num(g.value.min)}..${num(g.value.max)}] of ${g.value.runs.length}`;
  const bound = g.bound === "" ? "" : `; goal ${g.bound}, ratio to goal ${g.ratio.toFixed(2)}`;
  return `  ${verdict} ${g.label}: ${spread}${bound}`;
};
for (const r of results) {
  const figures = Object.entries(r.figures)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  console.log(`${r.name}: ${figures}`);
  for (const g of r.goals) console.log(line(g));
}
const missed = results.flatMap((r) => r.goals).filter((g) => g.bound !== "" && !g.met);
console.log(missed.length ? `${missed.length} goal(s) missed` : "every goal met");
