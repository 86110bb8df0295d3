import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { syncRecordsToExternalSystem } from "../../contracts/custom-apis";
import { DEFAULT_TEMPLATES, validateConfig, type RawConfig } from "../../control/config";
import { expandTemplate } from "../../contracts/template";
import { validateInput } from "../../emulator/web-api/validate-input";
import { validateParameters } from "../../server/jobs/validate-parameters";
import { at, list, parseXml } from "../solution/read-zip";

const keptDefaults: RawConfig = {
  scope: "",
  apiBaseUrl: "https://bgsync.contoso.test",
  customApiName: "",
  parametersTemplate: "",
  buttonLabel: "",
  confirmFullSync: false,
  clientId: "",
  authority: "",
  apiScope: "",
  redirectUri: "",
  historyRows: null,
};

const record = { entityName: "account", recordId: "5f1c3a52-8d1e-4b7a-9c2e-0d4f6a8b1c3e" };
const lastSuccessCases = [null, "2026-12-01T09:30:00.000Z"];

/** What the control sends on a click with the maker's defaults kept, for one scope. */
function startParameters(scope: string, lastSuccess: string | null): Record<string, unknown> {
  const result = validateConfig({ ...keptDefaults, scope });
  if (!result.ok) throw new Error(`defaults refused: ${JSON.stringify(result.problems)}`);
  return expandTemplate(result.config.template, { ...record, now: new Date(), columns: {}, lastSuccess });
}

describe("the default parameters template against the shipped Custom API", () => {
  const declared = syncRecordsToExternalSystem.requestParameters;

  it.each(["", "record", "table"])(
    "scope %j: every input is declared and every required one is there",
    (scope) => {
      for (const lastSuccess of lastSuccessCases) {
        const parameters = startParameters(scope, lastSuccess);
        // The companion API's check (types, URL origins: none allowed, so no URL may be sent) ...
        expect(validateParameters(syncRecordsToExternalSystem, parameters, [])).toEqual([]);
        // ... and the Web API's (unknown inputs, JSON types, required inputs), as the emulator does it.
        expect(validateInput(syncRecordsToExternalSystem, parameters)).toEqual({
          ok: true,
          input: parameters,
        });
        for (const name of Object.keys(parameters)) expect(declared.map((p) => p.uniquename)).toContain(name);
      }
    },
  );

  it("this record sends only this row; all records sends the table, changed rows once it has synced", () => {
    expect(startParameters("record", null)).toEqual({
      EntityName: "account",
      RecordIds: [record.recordId],
      SyncMode: "Full",
    });
    expect(startParameters("table", null)).toEqual({ EntityName: "account", SyncMode: "Incremental" });
    expect(startParameters("table", "2026-12-01T09:30:00.000Z")).toEqual({
      EntityName: "account",
      SyncMode: "Incremental",
      LastSyncDate: "2026-12-01T09:30:00.000Z",
    });
  });

  it("leaves the ERP address to the environment: ExternalSystemUrl is optional in the definition", () => {
    expect(declared.find((p) => p.uniquename === "ExternalSystemUrl")?.isoptional).toBe(true);
    for (const template of Object.values(DEFAULT_TEMPLATES))
      expect(template).not.toContain("ExternalSystemUrl");
  });
});

describe("the manifest's defaults", () => {
  const manifest = parseXml(readFileSync("ControlManifest.Input.xml", "utf8"));
  const property = (name: string) => {
    const found = list(at(manifest, "manifest.control.property")).find((p) => at(p, "@name") === name);
    if (found === undefined || typeof found !== "object" || Array.isArray(found)) throw new Error(name);
    return found;
  };

  it("are the ones the tests above start with: scope record, no template, the shipped Custom API", () => {
    expect(at(property("scope"), "@default-value")).toBe("record");
    expect(list(at(property("scope"), "value")).map((v) => at(v, "@name"))).toEqual(["record", "table"]);
    // No default-value: an empty template is what lets the scope pick its default.
    expect("@default-value" in property("parametersTemplate")).toBe(false);
    expect(at(property("customApiName"), "@default-value")).toBe(syncRecordsToExternalSystem.uniquename);
  });
});
