import { describe, expect, it } from "vitest";
import { validateConfig, type RawConfig } from "../../control/config";
import { expandTemplate, templateColumns } from "../../contracts/template";

const valid: RawConfig = {
  scope: "",
  apiBaseUrl: "https://api.example.test/",
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

describe("configuration", () => {
  it("fills defaults and trims the API URL", () => {
    const result = validateConfig(valid);
    expect(result).toEqual({
      ok: true,
      config: {
        scope: "record",
        apiBaseUrl: "https://api.example.test",
        customApiName: "sample_SyncRecordsToExternalSystem",
        template: { EntityName: "{entityName}", RecordIds: ["{recordId}"], SyncMode: "Full" },
        buttonLabel: null,
        confirmFullSync: false,
        auth: null,
        historyRows: 5,
      },
    });
  });

  it("reports every problem at once", () => {
    const result = validateConfig({
      ...valid,
      apiBaseUrl: "api.example.test",
      parametersTemplate: '{"Mode":"{mode}"}',
      clientId: "abc",
      historyRows: 99,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.key)).toEqual([
      "Config_ApiBaseUrl",
      "Config_TemplateToken",
      "Config_Auth",
      "Config_HistoryRows",
    ]);
    expect(result.problems[1]?.arg).toBe("{mode}");
  });

  it("refuses a template that is not a JSON object, and an http authority", () => {
    const notJson = validateConfig({ ...valid, parametersTemplate: "{EntityName: account}" });
    expect(notJson.ok || notJson.problems[0]?.key).toBe("Config_TemplateJson");
    const array = validateConfig({ ...valid, parametersTemplate: "[1]" });
    expect(array.ok || array.problems[0]?.key).toBe("Config_TemplateJson");
    const http = validateConfig({ ...valid, clientId: "c", authority: "http://login.test/t", apiScope: "s" });
    expect(http.ok || http.problems[0]?.key).toBe("Config_AuthorityUrl");
  });

  it("takes the auth settings when all three are set", () => {
    const result = validateConfig({
      ...valid,
      clientId: "client",
      authority: "https://login.microsoftonline.com/tenant",
      apiScope: "api://bgsync/Jobs.ReadWrite",
    });
    expect(result.ok && result.config.auth).toEqual({
      clientId: "client",
      authority: "https://login.microsoftonline.com/tenant",
      scope: "api://bgsync/Jobs.ReadWrite",
      redirectUri: null,
    });
  });
});

describe("parameters template", () => {
  const template = {
    EntityName: "{entityName}",
    Filter: "accountid eq {recordId} and number eq '{column:accountnumber}'",
    LastSyncDate: "{lastSuccess}",
    StartedAt: "{now}",
    Nested: { Tags: ["{column:name}", "{column:missing}"] },
    Count: 3,
  };
  const values = {
    entityName: "account",
    recordId: "r-1",
    now: new Date("2026-11-26T10:00:00Z"),
    columns: { accountnumber: "ACC-42", name: "Contoso", missing: null },
    lastSuccess: null,
  };

  it("lists the columns to read", () => {
    expect(templateColumns(template)).toEqual(["accountnumber", "name", "missing"]);
  });

  it("replaces tokens and leaves out inputs whose whole value is missing", () => {
    expect(expandTemplate(template, values)).toEqual({
      EntityName: "account",
      Filter: "accountid eq r-1 and number eq 'ACC-42'",
      StartedAt: "2026-11-26T10:00:00.000Z",
      Nested: { Tags: ["Contoso"] },
      Count: 3,
    });
    expect(expandTemplate(template, { ...values, lastSuccess: "2026-11-25T08:00:00Z" }).LastSyncDate).toBe(
      "2026-11-25T08:00:00Z",
    );
  });
});
