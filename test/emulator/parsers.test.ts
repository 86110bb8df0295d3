import { describe, expect, it } from "vitest";
import { syncRecordsToExternalSystem } from "../../contracts/custom-apis";
import { matchesFilter, parseFilter, parseOrderBy, sortRows } from "../../emulator/web-api/odata-query";
import { parsePrefer, readAsyncPreference, wantsFormattedValues } from "../../emulator/web-api/prefer";
import { validateInput } from "../../emulator/web-api/validate-input";

describe("Prefer header", () => {
  it("keeps commas and semicolons inside a quoted callback URL", () => {
    const url = "https://api.example/cb/1?exp=99&sig=a,b;c";
    expect(readAsyncPreference(`respond-async, odata.callback; url="${url}"`)).toEqual({
      respondAsync: true,
      callbackUrl: url,
    });
    expect(readAsyncPreference("odata.maxpagesize=10")).toEqual({
      respondAsync: false,
      callbackUrl: undefined,
    });
    expect(
      parsePrefer(['return=representation, odata.include-annotations="*"']).map((p) => [p.name, p.value]),
    ).toEqual([
      ["return", "representation"],
      ["odata.include-annotations", "*"],
    ]);
  });

  it("unescapes RFC 7230 quoted-pairs in a quoted callback URL", () => {
    expect(
      readAsyncPreference('respond-async, odata.callback; url="https://a.example/cb?q=\\"x\\",y;z\\\\"'),
    ).toEqual({
      respondAsync: true,
      callbackUrl: 'https://a.example/cb?q="x",y;z\\',
    });
  });

  it("recognises the annotation patterns that cover FormattedValue", () => {
    expect(
      wantsFormattedValues('odata.include-annotations="OData.Community.Display.V1.FormattedValue"'),
    ).toBe(true);
    expect(wantsFormattedValues('odata.include-annotations="*"')).toBe(true);
    expect(wantsFormattedValues('odata.include-annotations="Microsoft.Dynamics.CRM.lookuplogicalname"')).toBe(
      false,
    );
    expect(wantsFormattedValues(undefined)).toBe(false);
  });
});

describe("OData query options", () => {
  const rows = [
    { name: "a", createdon: "2026-01-01T00:00:00Z", statecode: 3 },
    { name: "b", createdon: "2026-03-01T00:00:00Z", statecode: 0 },
    { name: "O'Brien", createdon: "2026-02-01T00:00:00Z", statecode: 3 },
  ];
  const fields = ["name", "createdon", "statecode"];

  it("filters with eq/ne/gt/lt joined by and, dates compared as dates, quotes escaped", () => {
    const pick = (f: string) =>
      rows.filter((r) => matchesFilter(r, parseFilter(f, fields))).map((r) => r.name);
    expect(pick("statecode eq 3 and createdon gt 2026-01-15T00:00:00Z")).toEqual(["O'Brien"]);
    expect(pick("statecode ne 3")).toEqual(["b"]);
    expect(pick("name eq 'O''Brien'")).toEqual(["O'Brien"]);
    expect(pick("createdon lt 2026-02-01")).toEqual(["a"]);
  });

  it("refuses what it does not understand", () => {
    expect(() => parseFilter("startswith(name,'a')", fields)).toThrow();
    expect(() => parseFilter("name eq 'a' or name eq 'b'", fields)).toThrow();
    expect(() => parseFilter("color eq 'red'", fields)).toThrow();
    expect(() => parseOrderBy("name sideways", fields)).toThrow();
  });

  it("orders by several columns", () => {
    const sorted = sortRows(rows, parseOrderBy("statecode desc,createdon", fields));
    expect(sorted.map((r) => r.name)).toEqual(["a", "O'Brien", "b"]);
  });
});

describe("Custom API input validation", () => {
  const base = { EntityName: "account", SyncMode: "Full", ExternalSystemUrl: "http://x" };

  it("accepts a valid body, ignoring annotations and null optionals", () => {
    const check = validateInput(syncRecordsToExternalSystem, {
      ...base,
      LastSyncDate: null,
      "@odata.type": "x",
      BatchSize: 5,
    });
    expect(check).toEqual({ ok: true, input: { ...base, BatchSize: 5 } });
  });

  it("checks type codes: Integer, DateTime, String", () => {
    expect(validateInput(syncRecordsToExternalSystem, { ...base, BatchSize: 2.5 }).ok).toBe(false);
    expect(validateInput(syncRecordsToExternalSystem, { ...base, LastSyncDate: "yesterday" }).ok).toBe(false);
    expect(validateInput(syncRecordsToExternalSystem, { ...base, EntityName: 7 }).ok).toBe(false);
    expect(validateInput(syncRecordsToExternalSystem, [base]).ok).toBe(false);
  });
});
