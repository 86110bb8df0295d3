import { describe, expect, it } from "vitest";
import { DEMO_USER } from "../../emulator/index";
import { heldAt, waitForTerminal } from "./helpers";
import { holdRuns, releaseRuns, startWithCallback, useEmulatorWithReceiver } from "./suite";

/**
 * Replays the request/response examples of docs/dataverse.md and checks every header and field they
 * name: start, status monitor, table GET with annotations, PATCH cancel, DELETE cancel, terminal
 * cancel, callback payload.
 */
const suite = useEmulatorWithReceiver({ accountCount: 40, workers: 1 });

const FORMATTED = "@OData.Community.Display.V1.FormattedValue";
const start = (headers: Record<string, string> = {}) => startWithCallback(suite, headers);

describe("docs/dataverse.md conformance: start, status, table, errors", () => {
  it("Starting a background operation: 202, Location, x-ms-dyn-backgroundoperationid, Preference-Applied, body", async () => {
    const { res, id, location } = await start();
    expect(res.status).toBe(202);
    expect(res.headers.get("location")).toBe(location);
    expect(res.headers.get("x-ms-dyn-backgroundoperationid")).toBe(id);
    expect(res.headers.get("preference-applied")).toBe("callback");
    expect(await res.json()).toEqual({ backgroundOperationId: id, location });
  });

  it("Status monitor: codes only while running, outputs once Succeeded", async () => {
    await holdRuns(suite);
    const { location } = await start();
    await heldAt(suite.t.emu, "plugin");
    expect(await suite.t.api.json(location)).toEqual({
      backgroundOperationStateCode: 2,
      backgroundOperationStatusCode: 20,
    });
    await releaseRuns(suite);
    expect(await waitForTerminal(suite.t.api, location)).toEqual({
      backgroundOperationStateCode: 3,
      backgroundOperationStatusCode: 30,
      SyncedCount: 40,
      FailedCount: 0,
      TotalCount: 40,
      NextCursor: "",
      FailedRecords: "[]",
    });
  });

  it("The backgroundoperation table: $select of the documented columns with formatted values", async () => {
    const { id, location } = await start({ CallerObjectId: DEMO_USER.objectId });
    await waitForTerminal(suite.t.api, location);
    const select =
      "name,backgroundoperationstatecode,backgroundoperationstatuscode,outputparameters,errorcode,errormessage";
    const prefer = 'odata.include-annotations="OData.Community.Display.V1.FormattedValue"';
    const res = await suite.t.api.call(`/api/data/v9.2/backgroundoperations(${id})?$select=${select}`, {
      headers: { prefer },
    });
    expect(res.headers.get("preference-applied")).toBe(prefer);
    expect(res.headers.get("content-type")).toBe("application/json; odata.metadata=minimal");
    expect(res.headers.get("odata-version")).toBe("4.0");
    const row = (await res.json()) as Record<string, unknown>;
    expect(row["@odata.context"]).toBe(
      `${suite.t.emu.url}/api/data/v9.2/$metadata#backgroundoperations(${select})/$entity`,
    );
    expect(row).toMatchObject({
      "@odata.etag": expect.stringMatching(/^W\/"\d+"$/) as string,
      backgroundoperationid: id,
      name: "sample_SyncRecordsToExternalSystem",
      backgroundoperationstatecode: 3,
      [`backgroundoperationstatecode${FORMATTED}`]: "Completed",
      backgroundoperationstatuscode: 30,
      [`backgroundoperationstatuscode${FORMATTED}`]: "Succeeded",
      errorcode: null,
      errormessage: null,
    });
    expect(row).not.toHaveProperty("inputparameters");
    expect(row).not.toHaveProperty(`createdon${FORMATTED}`);
    expect(JSON.parse(row.outputparameters as string)).toEqual([
      { Key: "SyncedCount", Value: "40" },
      { Key: "FailedCount", Value: "0" },
      { Key: "TotalCount", Value: "40" },
      { Key: "NextCursor", Value: "" },
      { Key: "FailedRecords", Value: "[]" },
    ]);
    const full = await suite.t.api.json(`/api/data/v9.2/backgroundoperations(${id})`);
    expect(full).toMatchObject({
      displayname: expect.any(String) as string,
      retrycount: 0,
      runas: DEMO_USER.systemUserId,
      ttlinseconds: 7_776_000,
    });
    for (const column of ["starttime", "endtime", "createdon"])
      expect(Date.parse(full[column] as string)).not.toBeNaN();
    expect(JSON.parse(full.inputparameters as string)).toContainEqual({
      Key: "EntityName",
      Value: "account",
    });
    expect(full).not.toHaveProperty(`backgroundoperationstatecode${FORMATTED}`);
    const formattedFull = await suite.t.api.json(`/api/data/v9.2/backgroundoperations(${id})`, {
      headers: { prefer: 'odata.include-annotations="*"' },
    });
    expect(formattedFull[`createdon${FORMATTED}`]).toMatch(/^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2} (AM|PM)$/);
    expect(formattedFull[`ttlinseconds${FORMATTED}`]).toBe("7,776,000");
  });

  it("The table collection: $filter, $orderby, $top, and every row for a person (organization-owned)", async () => {
    const mine = await start({ CallerObjectId: DEMO_USER.objectId });
    const app = await start();
    await waitForTerminal(suite.t.api, app.location);
    await waitForTerminal(suite.t.api, mine.location);
    type Rows = { value: Record<string, unknown>[] };
    const all = await suite.t.api.json<Rows>(
      "/api/data/v9.2/backgroundoperations?$select=createdon&$filter=name eq 'sample_SyncRecordsToExternalSystem' and backgroundoperationstatecode eq 3&$orderby=createdon desc&$top=1",
    );
    expect(all.value.map((r) => r.backgroundoperationid)).toEqual([app.id]);
    expect((all as Record<string, unknown>)["@odata.context"]).toBe(
      `${suite.t.emu.url}/api/data/v9.2/$metadata#backgroundoperations(createdon)`,
    );
    const asDemo = await suite.t.api.json<Rows>("/api/data/v9.2/backgroundoperations?$select=name", {
      headers: { CallerObjectId: DEMO_USER.objectId },
    });
    expect(asDemo.value.map((r) => r.backgroundoperationid).sort()).toEqual([mine.id, app.id].sort());
  });

  it("OData errors: { error: { code, message } } for an unknown record", async () => {
    const res = await suite.t.api.call("/api/backgroundoperation/00000000-0000-4000-8000-000000000000");
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: Record<string, unknown> };
    expect(Object.keys(body.error).sort()).toEqual(["code", "message"]);
  });
});
