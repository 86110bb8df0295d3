import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXTERNAL_SYSTEM_URL_VARIABLE } from "../../contracts/custom-apis";
import { packSolution } from "../../solution/src/pack-solution";
import { syntheticProject, type Project } from "./fixture";
import { at, readZip, type UnpackedZip } from "./read-zip";

let project: Project;
let zip: UnpackedZip;

beforeAll(async () => {
  project = await syntheticProject();
  zip = await readZip((await packSolution(project)).unmanagedPath);
});
afterAll(() => project.remove());

describe("the ERP URL environment variable", () => {
  const path = `environmentvariabledefinitions/${EXTERNAL_SYSTEM_URL_VARIABLE}/environmentvariabledefinition.xml`;

  it("ships as a required text variable without a value, so the import asks each environment for it", () => {
    const definition = at(zip.xml(path), "environmentvariabledefinition");
    expect(at(definition, "@schemaname")).toBe(EXTERNAL_SYSTEM_URL_VARIABLE);
    expect(at(definition, "type")).toBe("100000000");
    expect(at(definition, "isrequired")).toBe("1");
    expect(at(definition, "displayname.label.@description")).toBe("External system URL");
    expect(at(definition, "displayname.label.@languagecode")).toBe("1033");
    expect(zip.names.filter((name) => name.startsWith("environmentvariabledefinitions/"))).toEqual([path]);
    expect(JSON.stringify(definition)).not.toContain("defaultvalue");
  });
});
