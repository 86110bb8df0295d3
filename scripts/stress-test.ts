import { spawn, type ChildProcess } from "node:child_process";
import { availableParallelism } from "node:os";
import { ensureControlBuilt } from "./ensure-build";

/**
 * `npm run test:stress`: the whole vitest suite while another process keeps every core busy, so a
 * test that only passes on an idle, fast machine fails here instead of in CI one day out of ten.
 * Exits with vitest's exit code; extra arguments go to `vitest run`.
 */
const spin = "for (;;) {}";

await ensureControlBuilt();
const cores = availableParallelism();
const spinners: ChildProcess[] = Array.from({ length: cores }, () =>
  spawn(process.execPath, ["-e", spin], { stdio: "ignore" }),
);
const stopSpinners = () => spinners.forEach((child) => child.kill("SIGKILL"));
process.on("exit", stopSpinners);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => {
    stopSpinners();
    process.exit(130);
  });

console.log(`test:stress: ${cores} busy-loop processes running beside vitest`);
const started = Date.now();
const vitest = spawn(process.execPath, ["node_modules/vitest/vitest.mjs", "run", ...process.argv.slice(2)], {
  stdio: "inherit",
});
const code = await new Promise<number>((resolve) =>
  vitest.on("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0))),
);
console.log(`test:stress: vitest exited ${code} after ${Math.round((Date.now() - started) / 1000)} s`);
stopSpinners();
process.exit(code);
