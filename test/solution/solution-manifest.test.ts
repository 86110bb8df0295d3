import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packSolution } from "../../solution/src/pack-solution";
import { MINIFIED_BUNDLE, syntheticProject, type Project } from "./fixture";
import { at, list, readZip, type UnpackedZip } from "./read-zip";

let project: Project;
let zip: UnpackedZip;
const CONTROL = "Controls/sample_BgSync.BackgroundSync";

beforeAll(async () => {
  project = await syntheticProject("1.2.3");
  zip = await readZip((await packSolution(project)).unmanagedPath);
});
afterAll(() => project.remove());

describe("solution.xml", () => {
  const manifest = () => at(zip.xml("solution.xml"), "ImportExportXml.SolutionManifest");

  it("names the solution and carries the package version as major.minor.build.revision", () => {
    expect(at(manifest(), "UniqueName")).toBe("BackgroundSync");
    expect(at(manifest(), "LocalizedNames.LocalizedName.@description")).toBe("Background Sync");
    expect(at(manifest(), "Version")).toBe("1.2.3.0");
  });

  it("has a publisher with prefix sample and a choice value prefix Dataverse accepts", () => {
    expect(at(manifest(), "Publisher.CustomizationPrefix")).toBe("sample");
    const optionPrefix = Number(at(manifest(), "Publisher.CustomizationOptionValuePrefix"));
    expect(optionPrefix).toBeGreaterThanOrEqual(10000);
    expect(optionPrefix).toBeLessThanOrEqual(99999);
  });

  it("roots the control (66), the redirect page (61) and the ERP URL variable (380), not the Custom API", () => {
    const roots = list(at(manifest(), "RootComponents.RootComponent")).map((r) => [
      at(r, "@type"),
      at(r, "@schemaName"),
      at(r, "@behavior"),
    ]);
    expect(roots).toEqual([
      ["66", "sample_BgSync.BackgroundSync", "0"],
      ["61", "sample_/bgsync/authredirect.html", "0"],
      ["380", "sample_ExternalSystemUrl", "0"],
    ]);
  });
});

describe("customizations.xml", () => {
  const root = () => at(zip.xml("customizations.xml"), "ImportExportXml");

  it("references only files that exist in the zip", () => {
    const control = at(root(), "CustomControls.CustomControl");
    expect(at(control, "Name")).toBe("sample_BgSync.BackgroundSync");
    const fileNames = [
      at(control, "FileName"),
      ...list(at(root(), "WebResources.WebResource")).map((w) => at(w, "FileName")),
    ];
    expect(fileNames).toHaveLength(2);
    for (const fileName of fileNames) {
      expect(fileName).toMatch(/^\//);
      expect(zip.names).toContain((fileName as string).slice(1));
    }
  });

  it("declares the redirect page as an HTML web resource with a fixed id", () => {
    const resource = at(root(), "WebResources.WebResource");
    expect(at(resource, "Name")).toBe("sample_/bgsync/authredirect.html");
    expect(at(resource, "WebResourceType")).toBe("1");
    expect(at(resource, "WebResourceId")).toBe("{f490c7d7-3bf8-4618-9491-88eb1e04595d}");
  });
});

describe("the packed control", () => {
  const control = () => at(zip.xml(`${CONTROL}/ControlManifest.xml`), "manifest.control");

  it("is the processed manifest with the package version stamped", () => {
    expect(at(control(), "@version")).toBe("1.2.3");
    expect(at(control(), "@namespace")).toBe("BgSync");
    expect(at(control(), "@api-version")).toBe("1.3.18");
    expect(list(at(control(), "property")).map((p) => at(p, "@name"))).toEqual(["jobId", "apiBaseUrl"]);
  });

  it("keeps escaped characters escaped", () => {
    expect(at(control(), "@description-key")).toBe("Desc & more");
    expect(zip.text(`${CONTROL}/ControlManifest.xml`)).toContain("Desc &amp; more");
  });

  it("ships bundle.js byte for byte and every resx the manifest lists, at its manifest path", async () => {
    expect(at(control(), "resources.code.@path")).toBe("bundle.js");
    expect(zip.text(`${CONTROL}/bundle.js`)).toBe(MINIFIED_BUNDLE);
    for (const resx of list(at(control(), "resources.resx"))) {
      const path = at(resx, "@path") as string;
      expect(zip.bytes(`${CONTROL}/${path}`)).toEqual(
        new Uint8Array(await readFile(join(project.controlDir, path))),
      );
    }
  });

  it("ships nothing the manifest does not reference", () => {
    const files = zip.names
      .filter((n) => n.startsWith(`${CONTROL}/`))
      .map((n) => n.slice(CONTROL.length + 1));
    expect(files.sort()).toEqual([
      "ControlManifest.xml",
      "bundle.js",
      "control/strings/BackgroundSync.1033.resx",
      "control/strings/BackgroundSync.1036.resx",
    ]);
  });
});
