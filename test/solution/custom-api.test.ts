import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customApiEntries } from "../../solution/src/custom-api-xml";
import { customApis, CustomApiType, type CustomApiDefinition } from "../../contracts/custom-apis";
import { packSolution } from "../../solution/src/pack-solution";
import { syntheticProject, type Project } from "./fixture";
import { at, parseXml, readZip, type UnpackedZip, type XmlValue } from "./read-zip";

let project: Project;
let zip: UnpackedZip;

beforeAll(async () => {
  project = await syntheticProject();
  zip = await readZip((await packSolution(project)).unmanagedPath);
});
afterAll(() => project.remove());

const label = (node: XmlValue, name: string) => ({
  default: at(node, `${name}.@default`),
  label: at(node, `${name}.label.@description`),
  languagecode: at(node, `${name}.label.@languagecode`),
});

describe.each(customApis.map((api) => [api.uniquename, api] as const))(
  "Custom API %s in the zip",
  (_, api) => {
    const base = `customapis/${api.uniquename}`;

    it("holds exactly the definition's files", () => {
      const expected = [
        `${base}/customapi.xml`,
        ...api.requestParameters.map(
          (p) => `${base}/customapirequestparameters/${p.uniquename}/customapirequestparameter.xml`,
        ),
        ...api.responseProperties.map(
          (p) => `${base}/customapiresponseproperties/${p.uniquename}/customapiresponseproperty.xml`,
        ),
      ];
      expect(zip.names.filter((n) => n.startsWith(`${base}/`)).sort()).toEqual(expected.sort());
    });

    it("agrees with contracts/custom-apis.ts on the API", () => {
      const xml = at(zip.xml(`${base}/customapi.xml`), "customapi");
      expect(at(xml, "@uniquename")).toBe(api.uniquename);
      expect(at(xml, "name")).toBe(api.name);
      expect(label(xml, "displayname")).toEqual({
        default: api.displayname,
        label: api.displayname,
        languagecode: "1033",
      });
      expect(at(xml, "description.@default")).toBe(api.description);
      expect(Number(at(xml, "bindingtype"))).toBe(api.bindingtype);
      expect(Number(at(xml, "allowedcustomprocessingsteptype"))).toBe(api.allowedcustomprocessingsteptype);
      expect(at(xml, "isfunction")).toBe(api.isfunction ? "1" : "0");
      expect(at(xml, "isprivate")).toBe(api.isprivate ? "1" : "0");
      expect(at(xml, "plugintypeid")).toBe("");
    });

    it("agrees on every request parameter, optional ones included", () => {
      for (const p of api.requestParameters) {
        const xml = at(
          zip.xml(`${base}/customapirequestparameters/${p.uniquename}/customapirequestparameter.xml`),
          "customapirequestparameter",
        );
        expect(at(xml, "@uniquename")).toBe(p.uniquename);
        expect(at(xml, "name")).toBe(p.name);
        expect(Number(at(xml, "type")), p.uniquename).toBe(p.type);
        expect(at(xml, "isoptional"), p.uniquename).toBe(p.isoptional ? "1" : "0");
        expect(label(xml, "description").default).toBe(p.description);
      }
    });

    it("agrees on every response property and never writes isoptional on one", () => {
      for (const p of api.responseProperties) {
        const path = `${base}/customapiresponseproperties/${p.uniquename}/customapiresponseproperty.xml`;
        const xml = at(zip.xml(path), "customapiresponseproperty");
        expect(at(xml, "@uniquename")).toBe(p.uniquename);
        expect(Number(at(xml, "type")), p.uniquename).toBe(p.type);
        expect(zip.text(path)).not.toContain("isoptional");
      }
    });
  },
);

describe("Custom API XML", () => {
  it("escapes markup in labels instead of breaking the document", () => {
    const tricky: CustomApiDefinition = {
      ...customApis[0]!,
      displayname: `Sync <all> "rows" & more`,
      requestParameters: [],
      responseProperties: [
        {
          uniquename: "Out",
          name: "Out",
          displayname: "a < b",
          description: "x & y",
          type: CustomApiType.String,
        },
      ],
    };
    const [api, property] = customApiEntries(tricky);
    const text = new TextDecoder().decode(api!.data);
    expect(text).toContain("Sync &lt;all&gt;");
    expect(at(parseXml(text), "customapi.displayname.@default")).toBe(`Sync <all> "rows" & more`);
    expect(
      at(
        parseXml(new TextDecoder().decode(property!.data)),
        "customapiresponseproperty.description.@default",
      ),
    ).toBe("x & y");
  });
});
