import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const bundle = "out/controls/bundle.js";
const sources = ["ControlManifest.Input.xml", "control"];

const newestMtime = (path: string): number => {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
};

/** Builds the production bundle when it is missing or older than the control's sources. */
export function ensureControlBuilt(): void {
  const stale = !existsSync(bundle) || statSync(bundle).mtimeMs < Math.max(...sources.map(newestMtime));
  if (!stale) return;
  console.log("Building the control (pcf-scripts, production)...");
  execFileSync("npm", ["run", "build", "--silent"], { stdio: "inherit" });
}
