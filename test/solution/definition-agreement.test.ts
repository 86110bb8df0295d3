import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCustomApi } from "../../emulator/plugin/registry";
import { validateInput } from "../../emulator/web-api/validate-input";
import { CustomApiType, customApis, type CustomApiTypeCode } from "../../contracts/custom-apis";
import { packSolution } from "../../solution/src/pack-solution";
import { definitionFromZip } from "./definition-from-zip";
import { syntheticProject, type Project } from "./fixture";
import { readZip, type UnpackedZip } from "./read-zip";

let project: Project;
let zip: UnpackedZip;

beforeAll(async () => {
  project = await syntheticProject();
  zip = await readZip((await packSolution(project)).unmanagedPath);
});
afterAll(() => project.remove());

const SAMPLE: Partial<Record<CustomApiTypeCode, unknown>> = {
  [CustomApiType.String]: "x",
  [CustomApiType.Integer]: 7,
  [CustomApiType.DateTime]: "2026-01-01T00:00:00Z",
  [CustomApiType.Boolean]: true,
  [CustomApiType.StringArray]: ["x"],
};

describe.each(customApis.map((api) => [api.uniquename, api] as const))("%s everywhere", (name, source) => {
  it("reads back from the zip exactly as contracts/custom-apis.ts defines it", () => {
    const sortByName = <T extends { uniquename: string }>(items: T[]) =>
      [...items].sort((a, b) => a.uniquename.localeCompare(b.uniquename));
    const packed = definitionFromZip(zip, name);
    expect({
      ...packed,
      requestParameters: sortByName(packed.requestParameters),
      responseProperties: sortByName(packed.responseProperties),
    }).toEqual({
      ...source,
      requestParameters: sortByName(source.requestParameters),
      responseProperties: sortByName(source.responseProperties),
    });
  });

  it("is the definition the emulator registers", () => {
    expect(findCustomApi(name)?.definition).toEqual(source);
  });

  it("makes the emulator require exactly the parameters the zip marks as required", () => {
    const packed = definitionFromZip(zip, name);
    const sample = (type: CustomApiTypeCode) => {
      if (!(type in SAMPLE)) throw new Error(`add a sample value for Custom API type ${type}`);
      return SAMPLE[type];
    };
    const body = Object.fromEntries(packed.requestParameters.map((p) => [p.uniquename, sample(p.type)]));
    expect(validateInput(source, body)).toMatchObject({ ok: true });
    for (const parameter of packed.requestParameters) {
      const { [parameter.uniquename]: _omitted, ...rest } = body;
      expect(validateInput(source, rest).ok, parameter.uniquename).toBe(parameter.isoptional);
    }
  });
});
