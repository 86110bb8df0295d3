import { execFileSync } from "node:child_process";
import { readProductionBundle } from "../solution/src/build-guard";

/**
 * Builds the production bundle unless a fresh one is there: the same checks the solution packer
 * makes (missing, a development build, or older than the control's sources).
 */
export async function ensureControlBuilt(): Promise<void> {
  try {
    await readProductionBundle("out/controls/bundle.js", {
      manifestPath: "ControlManifest.Input.xml",
      sourceDir: "control",
    });
  } catch {
    console.log("Building the control (pcf-scripts, production)...");
    execFileSync("npm", ["run", "build", "--silent"], { stdio: "inherit" });
  }
}
