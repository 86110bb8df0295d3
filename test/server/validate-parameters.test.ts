import { describe, expect, it } from "vitest";
import { CustomApiType, type CustomApiDefinition, type CustomApiTypeCode } from "../../contracts/custom-apis";
import { validateParameters } from "../../server/jobs/validate-parameters";

const param = (uniquename: string, type: CustomApiTypeCode) => ({
  uniquename,
  name: uniquename,
  displayname: uniquename,
  description: "",
  type,
  isoptional: true,
});

const def = {
  uniquename: "sample_Test",
  name: "sample_Test",
  displayname: "Test",
  description: "",
  bindingtype: 0,
  isfunction: false,
  isprivate: false,
  allowedcustomprocessingsteptype: 2,
  requestParameters: [
    param("Targets", CustomApiType.StringArray),
    param("Note", CustomApiType.String),
    param("Endpoint", CustomApiType.String),
    param("Settings", CustomApiType.Entity),
    param("Rows", CustomApiType.EntityCollection),
  ],
  responseProperties: [],
} as unknown as CustomApiDefinition;

const ALLOWED = ["http://127.0.0.1:7071"];
const check = (parameters: Record<string, unknown>) => validateParameters(def, parameters, ALLOWED);

describe("validateParameters: URL-valued parameters", () => {
  it("checks every string of a StringArray", () => {
    expect(check({ Targets: ["http://127.0.0.1:7071/ok", "https://evil.example/hook"] })).toEqual([
      { path: "parameters.Targets[1]", message: "origin https://evil.example is not allowed" },
    ]);
  });

  it("checks URL fields inside Entity and EntityCollection values", () => {
    expect(
      check({
        Settings: {
          name: "x",
          webhookurl: "http://evil.example/a",
          nested: { target: "https://evil.example" },
        },
        Rows: [{ callbackUri: "ftp://evil.example/" }, { fine: "http://127.0.0.1:7071/x" }],
      }),
    ).toEqual([
      { path: "parameters.Settings.webhookurl", message: "origin http://evil.example is not allowed" },
      { path: "parameters.Settings.nested.target", message: "origin https://evil.example is not allowed" },
      { path: "parameters.Rows[0].callbackUri", message: "origin ftp://evil.example is not allowed" },
    ]);
  });

  it("sees through leading and trailing whitespace and control characters", () => {
    expect(check({ Note: " https://evil.example" })).toEqual([
      { path: "parameters.Note", message: "origin https://evil.example is not allowed" },
    ]);
    expect(check({ Note: "\u0000\u001f\thttps://evil.example/x\n " })).toEqual([
      { path: "parameters.Note", message: "origin https://evil.example is not allowed" },
    ]);
    expect(check({ Note: "ht\ttps://evil.example" })).toEqual([
      { path: "parameters.Note", message: "origin https://evil.example is not allowed" },
    ]);
    expect(check({ Note: "https:evil.example" })).toEqual([
      { path: "parameters.Note", message: "origin https://evil.example is not allowed" },
    ]);
    expect(check({ Targets: ["\u0001 https://evil.example"] })).toEqual([
      { path: "parameters.Targets[0]", message: "origin https://evil.example is not allowed" },
    ]);
  });

  it("still accepts allowed origins and plain text", () => {
    expect(
      check({
        Note: "  http://127.0.0.1:7071/x  ",
        Endpoint: "note: not a URL",
        Targets: ["a", "b"],
        Settings: { description: "see the docs" },
        Rows: [],
      }),
    ).toEqual([]);
  });

  it("refuses absurdly nested values instead of recursing without end", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(check({ Rows: deep })).toEqual([
      { path: `parameters.Rows${"[0]".repeat(32)}`, message: "is nested too deeply" },
    ]);
  });
});

describe("validateParameters: ranges and formats of every type", () => {
  const typed = {
    ...def,
    requestParameters: [
      param("I", CustomApiType.Integer),
      param("P", CustomApiType.Picklist),
      param("D", CustomApiType.Decimal),
      param("F", CustomApiType.Float),
      param("M", CustomApiType.Money),
      param("T", CustomApiType.DateTime),
      param("G", CustomApiType.Guid),
    ],
  };
  const paths = (parameters: Record<string, unknown>) =>
    validateParameters(typed, parameters, ALLOWED).map((p) => p.path);

  it("accepts the bounds themselves", () => {
    expect(
      paths({
        I: -2147483648,
        P: 2147483647,
        D: -7.922816251426434e28,
        F: 1e308,
        M: 922337203685477,
        T: "2026-12-02T03:15:00.1234567+14:00",
        G: "00000000-0000-0000-0000-000000000001",
      }),
    ).toEqual([]);
    expect(paths({ T: "2026-02-28" })).toEqual([]);
    expect(paths({ T: "0001-01-01T00:00:00Z" })).toEqual([]);
  });

  it.each([
    ["I", 2147483648],
    ["I", -2147483649],
    ["I", 1e308],
    ["I", 2.5],
    ["I", "5"],
    ["P", 4294967296],
    ["D", 1e29],
    ["D", -1e308],
    ["M", 922337203685478],
    ["M", -1e20],
    ["F", "1e308"],
    ["T", "2026-13-01"],
    ["T", "2026-02-29"],
    ["T", "2026-01-01T12:60:00Z"],
    ["T", "2026-01-01T00:00:00+15:00"],
    ["T", "0000-01-01"],
    ["T", "Tue, 01 Dec 2026 00:00:00 GMT"],
    ["G", "not-a-guid"],
  ])("refuses %s = %s with the parameter's name", (name, value) => {
    expect(paths({ [name]: value })).toEqual([`parameters.${name}`]);
  });
});
