import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  armFaults,
  eventually,
  heldAt,
  startCallbackReceiver,
  startTestEmulator,
  syncInput,
  waitForTerminal,
  type StatusBody,
} from "./helpers";

let t: Awaited<ReturnType<typeof startTestEmulator>>;
let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;
beforeAll(async () => {
  t = await startTestEmulator({ accountCount: 50, workers: 1 });
  receiver = await startCallbackReceiver();
});
afterEach(() => fetch(`${t.emu.url}/_emulator/reset`, { method: "POST" }));
afterAll(async () => {
  await t.emu.close();
  await receiver.close();
});

const faults = (body: unknown) => armFaults(t.emu, body);
const status = (location: string) => t.api.json<StatusBody>(location);
const start = async (extra: Record<string, unknown> = {}) => {
  const res = await t.api.start(
    syncInput(t.emu, extra),
    `respond-async, odata.callback; url="${receiver.url}/cb"`,
  );
  return {
    id: res.headers.get("x-ms-dyn-backgroundoperationid") as string,
    location: res.headers.get("location") as string,
  };
};
/** The only worker's run, held at its start: that operation is surely running until released. */
const holdRuns = () => faults({ plugin: { hold: true } });
const releaseRuns = () => faults({ plugin: { hold: false } });

describe("workers and cancel", () => {
  it("keeps an operation in 0/0 while the only worker is busy", async () => {
    await holdRuns();
    const a = await start({ BatchSize: 10 });
    const b = await start({ BatchSize: 10 });
    await heldAt(t.emu, "plugin");
    expect(await status(a.location)).toEqual({
      backgroundOperationStateCode: 2,
      backgroundOperationStatusCode: 20,
    });
    expect(await status(b.location)).toEqual({
      backgroundOperationStateCode: 0,
      backgroundOperationStatusCode: 0,
    });
    await releaseRuns();
    expect((await waitForTerminal(t.api, b.location)).backgroundOperationStatusCode).toBe(30);
  });

  it("cancels a waiting operation: 2/22 at once, then 3/32 without ever running", async () => {
    await holdRuns();
    const a = await start();
    const b = await start();
    await heldAt(t.emu, "plugin");
    const del = await t.api.call(b.location, { method: "DELETE" });
    expect(del.status).toBe(200);
    expect(await del.json()).toEqual({ backgroundOperationStateCode: 2, backgroundOperationStatusCode: 22 });
    expect((await waitForTerminal(t.api, b.location)).backgroundOperationStatusCode).toBe(32);
    await releaseRuns();
    await waitForTerminal(t.api, a.location);
    const row = await t.api.json(`/api/data/v9.2/backgroundoperations(${b.id})?$select=starttime,retrycount`);
    expect(row).toMatchObject({ starttime: null, retrycount: 0 });
    await eventually(
      () => Promise.resolve(receiver.received.map((r) => r.body)),
      (bodies) => bodies.some((x) => x.backgroundOperationId === b.id),
    );
    expect(receiver.received.find((r) => r.body.backgroundOperationId === b.id)?.body).toMatchObject({
      backgroundOperationStateCode: 3,
      backgroundOperationStatusCode: 32,
    });
  });

  it("lets a running operation finish after a cancel: Canceling while it runs, then Canceled with its outputs kept", async () => {
    await holdRuns();
    const a = await start({ BatchSize: 10 });
    await heldAt(t.emu, "plugin");
    await t.api.call(a.location, { method: "DELETE" });
    expect(await status(a.location)).toMatchObject({
      backgroundOperationStateCode: 2,
      backgroundOperationStatusCode: 22,
    });
    await releaseRuns();
    const end = await waitForTerminal(t.api, a.location);
    expect(end.backgroundOperationStatusCode).toBe(32);
    expect(end).not.toHaveProperty("SyncedCount");
    const row = await t.api.json(`/api/data/v9.2/backgroundoperations(${a.id})?$select=outputparameters`);
    expect(JSON.parse(row.outputparameters as string)).toContainEqual({ Key: "SyncedCount", Value: "50" });
    expect(await (await fetch(`${t.emu.url}/_emulator/erp`)).json()).toMatchObject({ uniqueCount: 50 });
  });

  it("does not retry a canceled operation whose run then fails", async () => {
    await holdRuns();
    const a = await start({ BatchSize: 10 });
    await heldAt(t.emu, "plugin");
    await t.api.call(a.location, { method: "DELETE" });
    await faults({ erp: { fail: 1 }, plugin: { hold: false } });
    const end = await waitForTerminal(t.api, a.location);
    expect(end).toMatchObject({
      backgroundOperationStatusCode: 32,
      backgroundOperationErrorCode: 0x80040265 | 0,
    });
    const row = await t.api.json(`/api/data/v9.2/backgroundoperations(${a.id})?$select=retrycount`);
    expect(row.retrycount).toBe(0);
  });

  it("refuses a cancel after a terminal state with 409, by DELETE and by PATCH", async () => {
    const a = await start();
    await waitForTerminal(t.api, a.location);
    const del = await t.api.call(a.location, { method: "DELETE" });
    expect(del.status).toBe(409);
    expect(((await del.json()) as { error: { message: string } }).error.message).toBe(
      "Canceling background operation is not allowed after it is in terminal state.",
    );
    const patch = await t.api.call(`/api/data/v9.2/backgroundoperations(${a.id})`, {
      method: "PATCH",
      body: JSON.stringify({ backgroundoperationstatecode: 2, backgroundoperationstatuscode: 22 }),
    });
    expect(patch.status).toBe(409);
  });
});
