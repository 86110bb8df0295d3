import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packSolution, type PackResult } from "../../solution/src/pack-solution";
import { syntheticProject, type Project } from "./fixture";
import { at, list, readZip, type UnpackedZip } from "./read-zip";

let project: Project;
let result: PackResult;
let unmanaged: UnpackedZip;
let managed: UnpackedZip;

beforeAll(async () => {
  project = await syntheticProject("1.2.3");
  result = await packSolution(project);
  unmanaged = await readZip(result.unmanagedPath);
  managed = await readZip(result.managedPath);
});
afterAll(() => project.remove());

describe("solution zip layout", () => {
  it("names both zips after the solution and the package.json version", () => {
    expect(result.unmanagedPath).toBe(`${project.outDir}/BackgroundSync_1.2.3.zip`);
    expect(result.managedPath).toBe(`${project.outDir}/BackgroundSync_1.2.3_managed.zip`);
  });

  it("has the SolutionPackager layout: top-level parts, then the component folders", () => {
    const names = unmanaged.names;
    expect(names.slice(0, 3)).toEqual(["[Content_Types].xml", "solution.xml", "customizations.xml"]);
    const folders = [...new Set(names.slice(3).map((n) => n.split("/")[0]))];
    expect(folders).toEqual(["Controls", "customapis", "environmentvariabledefinitions", "WebResources"]);
  });

  it("has only file entries with forward slashes, all deflated", () => {
    for (const name of unmanaged.names) {
      expect(name).not.toMatch(/\\|\/$|^\//);
      expect(unmanaged.compression.get(name), name).toBe(8);
    }
  });

  it("writes every XML part as well-formed UTF-8", () => {
    const xmlNames = unmanaged.names.filter((n) => n.endsWith(".xml"));
    expect(xmlNames.length).toBeGreaterThan(5);
    for (const name of xmlNames) {
      expect(unmanaged.text(name).startsWith('<?xml version="1.0" encoding="')).toBe(true);
      expect(() => unmanaged.xml(name)).not.toThrow();
    }
  });

  it("declares a content type for every file extension, XML as text/xml", () => {
    const defaults = list(at(unmanaged.xml("[Content_Types].xml"), "Types.Default"));
    const types = new Map(defaults.map((d) => [at(d, "@Extension") as string, at(d, "@ContentType")]));
    const extensions = new Set(unmanaged.names.map((n) => n.slice(n.lastIndexOf(".") + 1)));
    for (const extension of extensions) expect(types.has(extension), extension).toBe(true);
    expect(types.get("xml")).toBe("text/xml");
    for (const extension of ["js", "resx", "html"])
      expect(types.get(extension)).toBe("application/octet-stream");
  });

  it("makes the managed zip differ from the unmanaged one only in the Managed flag", () => {
    expect(managed.names).toEqual(unmanaged.names);
    expect(at(unmanaged.xml("solution.xml"), "ImportExportXml.SolutionManifest.Managed")).toBe("0");
    expect(at(managed.xml("solution.xml"), "ImportExportXml.SolutionManifest.Managed")).toBe("1");
    for (const name of unmanaged.names.filter((n) => n !== "solution.xml")) {
      expect(managed.bytes(name), name).toEqual(unmanaged.bytes(name));
    }
  });
});
