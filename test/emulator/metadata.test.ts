import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncRecordsToExternalSystem } from "../../contracts/custom-apis";
import { startTestEmulator, SYNC_API } from "./helpers";

let t: Awaited<ReturnType<typeof startTestEmulator>>;
beforeAll(async () => {
  t = await startTestEmulator({ accountCount: 1 });
});
afterAll(() => t.emu.close());

interface Collection {
  value: Record<string, unknown>[];
}

describe("Custom API metadata tables", () => {
  it("discovers a Custom API's inputs and outputs with $filter, $select and $expand", async () => {
    const query =
      `$filter=uniquename eq '${SYNC_API}'&$select=uniquename,bindingtype,isfunction` +
      "&$expand=CustomAPIRequestParameters($select=uniquename,type,isoptional),CustomAPIResponseProperties($select=uniquename,type)";
    const body = await t.api.json<Collection>(`/api/data/v9.2/customapis?${query}`);
    expect(body.value).toHaveLength(1);
    const api = body.value[0] as Record<string, unknown>;
    expect(api).toMatchObject({ uniquename: SYNC_API, bindingtype: 0, isfunction: false });
    expect(api).not.toHaveProperty("description");
    const params = api.CustomAPIRequestParameters as Record<string, unknown>[];
    expect(params.map(({ uniquename, type, isoptional }) => ({ uniquename, type, isoptional }))).toEqual(
      syncRecordsToExternalSystem.requestParameters.map(({ uniquename, type, isoptional }) => ({
        uniquename,
        type,
        isoptional,
      })),
    );
    expect(params[0]).not.toHaveProperty("description");
    const outputs = api.CustomAPIResponseProperties as Record<string, unknown>[];
    expect(outputs.map((o) => o.uniquename)).toEqual([
      "SyncedCount",
      "FailedCount",
      "TotalCount",
      "NextCursor",
      "FailedRecords",
    ]);
  });

  it("serves the parameter and property tables on their own, linked by _customapiid_value", async () => {
    const [api] = (await t.api.json<Collection>("/api/data/v9.2/customapis?$select=customapiid")).value;
    const params = await t.api.json<Collection>(
      `/api/data/v9.2/customapirequestparameters?$filter=_customapiid_value eq ${String(api?.customapiid)} and isoptional eq false&$select=uniquename`,
    );
    expect(params.value.map((p) => p.uniquename)).toEqual(["EntityName", "SyncMode"]);
    const props = await t.api.json<Collection>(
      "/api/data/v9.2/customapiresponseproperties?$filter=uniquename eq 'NextCursor'",
      {
        headers: { prefer: 'odata.include-annotations="OData.Community.Display.V1.FormattedValue"' },
      },
    );
    expect(props.value[0]).toMatchObject({
      type: 10,
      "type@OData.Community.Display.V1.FormattedValue": "String",
    });
    const one = await t.api.json(`/api/data/v9.2/customapis(${String(api?.customapiid)})?$select=uniquename`);
    expect(one.uniquename).toBe(SYNC_API);
  });

  it("answers an empty collection for an unknown name and 400 for an unknown navigation property", async () => {
    const none = await t.api.json<Collection>("/api/data/v9.2/customapis?$filter=uniquename eq 'nope'");
    expect(none.value).toEqual([]);
    const bad = await t.api.call("/api/data/v9.2/customapis?$expand=Steps");
    expect(bad.status).toBe(400);
  });
});
