import { execFile } from "node:child_process";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { DEV_BUNDLE, syntheticProject, type Project } from "./fixture";

const run = promisify(execFile);
const REPO = join(import.meta.dirname, "..", "..");
const TSX = join(REPO, "node_modules", ".bin", "tsx");
const PACK = join(REPO, "solution", "pack.ts");

let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

/** `npm run pack` minus the build: solution/pack.ts packs the project in its working directory. */
async function pack(cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [PACK], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("solution/pack.ts", () => {
  it("writes both zips to dist/ of the working directory", async () => {
    project = await syntheticProject("2.0.1");
    const result = await pack(project.rootDir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("packed BackgroundSync 2.0.1");
    expect((await readdir(project.outDir)).sort()).toEqual([
      "BackgroundSync_2.0.1.zip",
      "BackgroundSync_2.0.1_managed.zip",
    ]);
  });

  it("exits 1 with the reason, not a stack trace, when it refuses the build", async () => {
    project = await syntheticProject("2.0.1", DEV_BUNDLE);
    const result = await pack(project.rootDir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^pack refused: .*development bundle/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
