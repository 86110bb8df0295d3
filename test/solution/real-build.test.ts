import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packSolution, type PackResult } from "../../solution/src/pack-solution";
import { realBuildCopy, type Project } from "./fixture";
import { at, list, parseXml, readZip, type UnpackedZip } from "./read-zip";

/**
 * Packs a temp copy of the repository's own `npm run build` output (`npm test` builds first), so the
 * packer is checked against whatever properties and resources the control declares today.
 */
let project: Project;
let result: PackResult;
let zip: UnpackedZip;
const CONTROL = "Controls/sample_BgSync.BackgroundSync";

beforeAll(async () => {
  project = await realBuildCopy();
  result = await packSolution(project);
  zip = await readZip(result.unmanagedPath);
});
afterAll(() => project.remove());

describe("packing the real production build", () => {
  it("uses the package.json version", async () => {
    const { version } = JSON.parse(await readFile(join(project.rootDir, "package.json"), "utf8")) as {
      version: string;
    };
    expect(result.unmanagedPath.endsWith(`BackgroundSync_${version}.zip`)).toBe(true);
    expect(at(zip.xml(`${CONTROL}/ControlManifest.xml`), "manifest.control.@version")).toBe(version);
  });

  it("ships the processed manifest unchanged apart from the version", async () => {
    const built = parseXml(await readFile(join(project.controlDir, "ControlManifest.xml"), "utf8"));
    const packed = zip.xml(`${CONTROL}/ControlManifest.xml`);
    const withoutVersion = (m: typeof built) => JSON.stringify(m).replace(/"@version":"[^"]*"/, "");
    expect(withoutVersion(packed)).toBe(withoutVersion(built));
  });

  it("ships the built bundle.js and every file the manifest references", async () => {
    const resources = at(zip.xml(`${CONTROL}/ControlManifest.xml`), "manifest.control.resources");
    expect(at(resources, "code.@path")).toBe("bundle.js");
    expect(zip.bytes(`${CONTROL}/bundle.js`)).toEqual(
      new Uint8Array(await readFile(join(project.controlDir, "bundle.js"))),
    );
    const kinds = ["css", "img", "resx", "html"].filter(
      (k) => typeof resources === "object" && k in resources,
    );
    for (const resource of kinds.flatMap((k) => list(at(resources, k)))) {
      expect(zip.names).toContain(`${CONTROL}/${at(resource, "@path") as string}`);
    }
  });
});
