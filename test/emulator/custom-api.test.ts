import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USER } from "../../emulator/index";
import { startCallbackReceiver, startTestEmulator, syncInput, waitForTerminal } from "./helpers";

let t: Awaited<ReturnType<typeof startTestEmulator>>;
let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;
beforeAll(async () => {
  t = await startTestEmulator({ accountCount: 300 });
  receiver = await startCallbackReceiver();
});
afterEach(() => fetch(`${t.emu.url}/_emulator/reset`, { method: "POST" }));
afterAll(async () => {
  await t.emu.close();
  await receiver.close();
});

describe("synchronous execution", () => {
  it("runs the plug-in and answers 200 with the output parameters", async () => {
    const res = await t.api.start(syncInput(t.emu, { BatchSize: 100 }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      SyncedCount: 300,
      FailedCount: 0,
      TotalCount: 300,
      NextCursor: "",
    });
    const erp: unknown = await (await fetch(`${t.emu.url}/_emulator/erp`)).json();
    expect(erp).toMatchObject({ uniqueCount: 300, receivedCount: 300, duplicateCount: 0 });
  });

  it("sends only RecordIds' rows, and to the environment variable's ERP when ExternalSystemUrl is left out", async () => {
    const [, second] = (
      await t.api.json<{ value: { accountid: string }[] }>("/api/data/v9.2/accounts?$select=accountid&$top=2")
    ).value;
    const recordId = String(second?.accountid);
    const res = await t.api.start({ EntityName: "account", SyncMode: "Full", RecordIds: [recordId] });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ SyncedCount: 1, FailedCount: 0, TotalCount: 1, NextCursor: "" });
    const erp: unknown = await (await fetch(`${t.emu.url}/_emulator/erp`)).json();
    expect(erp).toMatchObject({ uniqueCount: 1, receivedCount: 1 });
    expect(await (await fetch(`${t.emu.erpUrl}/${recordId}`)).json()).toMatchObject({ id: recordId });
  });

  it("validates inputs against the Custom API definition with OData errors", async () => {
    const missing = await t.api.start({ EntityName: "account" });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      error: { code: "0x80040203", message: expect.stringContaining("SyncMode") as string },
    });
    const wrongType = await t.api.start(syncInput(t.emu, { BatchSize: "ten" }));
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toMatchObject({ error: { code: "0x80048d19" } });
    const unknown = await t.api.start(syncInput(t.emu, { Color: "blue" }));
    expect(await unknown.json()).toMatchObject({
      error: { code: "0x80048d19", message: expect.stringContaining("Color") as string },
    });
  });

  it("answers 404 for an unknown message", async () => {
    const res = await t.api.call("/api/data/v9.2/sample_NoSuchApi", {
      method: "POST",
      body: "{}",
      headers: { prefer: "respond-async" },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: "0x80060888", message: "Resource not found for the segment 'sample_NoSuchApi'." },
    });
  });
});

describe("background execution", () => {
  it("answers 202 with Location, the operation id, Preference-Applied and a body when a callback was asked for", async () => {
    const res = await t.api.start(
      syncInput(t.emu),
      `respond-async, odata.callback; url="${receiver.url}/cb?sig=a,b;c"`,
    );
    expect(res.status).toBe(202);
    const id = res.headers.get("x-ms-dyn-backgroundoperationid") as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("location")).toBe(`${t.emu.url}/api/backgroundoperation/${id}`);
    expect(res.headers.get("preference-applied")).toBe("callback");
    expect(await res.json()).toEqual({
      backgroundOperationId: id,
      location: `${t.emu.url}/api/backgroundoperation/${id}`,
    });

    const status = await waitForTerminal(t.api, res.headers.get("location") as string);
    expect(status).toEqual({
      backgroundOperationStateCode: 3,
      backgroundOperationStatusCode: 30,
      SyncedCount: 300,
      FailedCount: 0,
      TotalCount: 300,
      NextCursor: "",
      FailedRecords: "[]",
    });
    await receiver.waitFor(1);
    const callback = receiver.received.at(-1);
    expect(callback?.url).toBe("/cb?sig=a,b;c");
    expect(callback?.body).toEqual({
      location: `${t.emu.url}/api/backgroundoperation/${id}`,
      backgroundOperationId: id,
      backgroundOperationStateCode: 3,
      backgroundOperationStatusCode: 30,
    });
  });

  it("answers 202 without a body and applies respond-async when no callback is asked for", async () => {
    const res = await t.api.start(syncInput(t.emu), "respond-async");
    expect(res.status).toBe(202);
    expect(res.headers.get("preference-applied")).toBe("respond-async");
    expect(await res.text()).toBe("");
    await waitForTerminal(t.api, res.headers.get("location") as string);
  });

  it("records the impersonated caller as runas", async () => {
    const res = await t.api.start(syncInput(t.emu), "respond-async", { CallerObjectId: DEMO_USER.objectId });
    const id = res.headers.get("x-ms-dyn-backgroundoperationid") as string;
    await waitForTerminal(t.api, res.headers.get("location") as string);
    const row = await t.api.json(`/api/data/v9.2/backgroundoperations(${id})?$select=runas`);
    expect(row.runas).toBe(DEMO_USER.systemUserId);
  });

  it("reports a failed plug-in as 3/31 with the error, and the callback carries it", async () => {
    const before = receiver.received.length;
    const res = await t.api.start(
      syncInput(t.emu, { EntityName: "contact" }),
      `respond-async, odata.callback; url="${receiver.url}/cb"`,
    );
    const status = await waitForTerminal(t.api, res.headers.get("location") as string);
    expect(status).toMatchObject({
      backgroundOperationStateCode: 3,
      backgroundOperationStatusCode: 31,
      backgroundOperationErrorCode: 0x80040265 | 0,
    });
    expect(status).not.toHaveProperty("SyncedCount");
    await receiver.waitFor(before + 1);
    expect(receiver.received.at(-1)?.body).toMatchObject({
      backgroundOperationStatusCode: 31,
      backgroundOperationErrorMessage: expect.stringContaining("contact") as string,
    });
  });
});
