import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USER, OTHER_USER } from "../../emulator/index";
import { startTestEmulator, syncInput, waitForTerminal } from "./helpers";

let t: Awaited<ReturnType<typeof startTestEmulator>>;
beforeAll(async () => {
  t = await startTestEmulator({ accountCount: 10 });
});
afterAll(() => t.emu.close());

const asUser = (objectId: string) => ({ CallerObjectId: objectId });

describe("who may read and cancel an operation", () => {
  it("lets a person read and cancel another person's operation: the table is organization-owned", async () => {
    const res = await t.api.start(syncInput(t.emu), "respond-async", asUser(DEMO_USER.objectId));
    const location = res.headers.get("location") as string;
    const id = res.headers.get("x-ms-dyn-backgroundoperationid") as string;
    expect((await t.api.call(location, { headers: asUser(DEMO_USER.objectId) })).status).toBe(200);
    // Read depth is None or Organization for this table: no 403 for a row that runs as someone else.
    expect((await t.api.call(location, { headers: asUser(OTHER_USER.objectId) })).status).toBe(200);
    const otherRow = await t.api.call(`/api/data/v9.2/backgroundoperations(${id})?$select=runas`, {
      headers: asUser(OTHER_USER.objectId),
    });
    expect(otherRow.status).toBe(200);
    expect(await otherRow.json()).toMatchObject({ runas: DEMO_USER.systemUserId });
    const listed = await t.api.json<{ value: { backgroundoperationid: string }[] }>(
      "/api/data/v9.2/backgroundoperations?$select=name",
      { headers: asUser(OTHER_USER.objectId) },
    );
    expect(listed.value.map((r) => r.backgroundoperationid)).toContain(id);
    expect((await t.api.call(location)).status).toBe(200);
    await waitForTerminal(t.api, location);
  });

  it("refuses a PATCH whose If-Match no longer matches the row's etag", async () => {
    const res = await t.api.start(syncInput(t.emu, { BatchSize: 2 }), "respond-async");
    const id = res.headers.get("x-ms-dyn-backgroundoperationid") as string;
    const row = await t.api.json(`/api/data/v9.2/backgroundoperations(${id})`);
    const etag = row["@odata.etag"] as string;
    // Any later change bumps the etag; the end of the run surely is one.
    await waitForTerminal(t.api, res.headers.get("location") as string);
    const patch = await t.api.call(`/api/data/v9.2/backgroundoperations(${id})`, {
      method: "PATCH",
      headers: { "if-match": etag },
      body: JSON.stringify({ backgroundoperationstatecode: 2, backgroundoperationstatuscode: 22 }),
    });
    expect(patch.status).toBe(412);
  });
});
