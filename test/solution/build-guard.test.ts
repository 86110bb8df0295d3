import { readdir, readFile, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { assertProductionBundle } from "../../solution/src/build-guard";
import { packSolution } from "../../solution/src/pack-solution";
import { DEV_BUNDLE, MINIFIED_BUNDLE, syntheticProject, type Project } from "./fixture";

let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

async function outDirFiles(p: Project): Promise<string[]> {
  return readdir(p.outDir).catch(() => []);
}

describe("the packer refuses what it must not ship", () => {
  it("refuses a development bundle and writes no zip", async () => {
    project = await syntheticProject("1.0.0", DEV_BUNDLE);
    await expect(packSolution(project)).rejects.toThrow(
      /development bundle \(unminified webpack runtime, eval devtool/,
    );
    expect(await outDirFiles(project)).toEqual([]);
  });

  it("refuses a bundle older than a control source file", async () => {
    project = await syntheticProject();
    const later = new Date(Date.now() + 60_000);
    await utimes(join(project.rootDir, "control", "strings", "BackgroundSync.1033.resx"), later, later);
    await expect(packSolution(project)).rejects.toThrow(
      /bundle\.js is older than .*BackgroundSync\.1033\.resx/,
    );
    expect(await outDirFiles(project)).toEqual([]);
  });

  it("refuses a bundle older than ControlManifest.Input.xml", async () => {
    project = await syntheticProject();
    await writeFile(join(project.rootDir, "ControlManifest.Input.xml"), "<manifest><changed/></manifest>");
    await expect(packSolution(project)).rejects.toThrow(/older than .*ControlManifest\.Input\.xml/);
  });

  it("refuses a pre-release package version, which Dataverse cannot represent", async () => {
    project = await syntheticProject("1.0.0-beta.1");
    await expect(packSolution(project)).rejects.toThrow(/not major\.minor\.patch/);
  });

  it("refuses a manifest resource path that leaves the control folder", async () => {
    project = await syntheticProject();
    const manifestPath = join(project.controlDir, "ControlManifest.xml");
    const manifest = await readFile(manifestPath, "utf8");
    await writeFile(
      manifestPath,
      manifest.replace("control/strings/BackgroundSync.1036.resx", "../../package.json"),
    );
    await expect(packSolution(project)).rejects.toThrow(/leaves the control folder/);
  });
});

describe("assertProductionBundle", () => {
  it("accepts minified output", () => {
    expect(() => assertProductionBundle(MINIFIED_BUNDLE, "bundle.js")).not.toThrow();
  });

  it("refuses an inline source map even when minified", () => {
    const mapped = `${MINIFIED_BUNDLE}\n//# sourceMappingURL=data:application/json;base64,e30=`;
    expect(() => assertProductionBundle(mapped, "bundle.js")).toThrow(/inline source map/);
  });
});
