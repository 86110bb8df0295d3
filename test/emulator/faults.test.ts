import { describe, expect, it } from "vitest";
import { armFaults, eventually, heldAt, startTestEmulator, syncInput, waitForTerminal } from "./helpers";
import { useEmulatorWithReceiver } from "./suite";

const suite = useEmulatorWithReceiver({ accountCount: 60, workers: 1 });

const faults = (body: unknown) =>
  fetch(`${suite.t.emu.url}/_emulator/faults`, { method: "POST", body: JSON.stringify(body) });
const callbackLog = async () =>
  (
    (await (await fetch(`${suite.t.emu.url}/_emulator/callbacks`)).json()) as {
      value: { operationId: string; outcome: string }[];
    }
  ).value;
const start = async (extra: Record<string, unknown> = {}) => {
  const res = await suite.t.api.start(
    syncInput(suite.t.emu, extra),
    `respond-async, odata.callback; url="${suite.receiver.url}/cb"`,
  );
  return {
    id: res.headers.get("x-ms-dyn-backgroundoperationid") as string,
    location: res.headers.get("location") as string,
  };
};

describe("callback faults", () => {
  it("drops a callback", async () => {
    await faults({ callbacks: { drop: 1 } });
    const op = await start();
    await waitForTerminal(suite.t.api, op.location);
    expect(await eventually(callbackLog, (log) => log.length === 1)).toEqual([
      expect.objectContaining({ operationId: op.id, outcome: "dropped" }),
    ]);
    expect(suite.receiver.received).toHaveLength(0);
  });

  it("duplicates a callback", async () => {
    await faults({ callbacks: { duplicate: 1 } });
    const op = await start();
    await suite.receiver.waitFor(2);
    expect(suite.receiver.received[0]?.body).toEqual(suite.receiver.received[1]?.body);
    expect(suite.receiver.received[0]?.body.backgroundOperationId).toBe(op.id);
  });

  it("delays a callback past the operation's end", async () => {
    await faults({ callbacks: { delay: 1, delayMs: 60_000 } });
    const op = await start();
    await waitForTerminal(suite.t.api, op.location);
    await suite.receiver.waitFor(1);
    expect(suite.receiver.received[0]?.body.backgroundOperationId).toBe(op.id);
    // A lower bound only (a timer never fires early by more than its millisecond rounding).
    const row = await suite.t.api.json(`/api/data/v9.2/backgroundoperations(${op.id})?$select=endtime`);
    const [sent] = await callbackLog();
    expect(
      Date.parse((sent as unknown as { at: string }).at) - Date.parse(row.endtime as string),
    ).toBeGreaterThanOrEqual(598);
  });

  it("reorders callbacks: the held one arrives after the next", async () => {
    // Real time (timeScale 1): the first callback is held for up to 30 real seconds, far longer
    // than the second operation needs, so only the reorder decides the order.
    const t = await startTestEmulator({ accountCount: 5, workers: 1, timeScale: 1 });
    try {
      await armFaults(t.emu, { callbacks: { reorder: 1 } });
      const prefer = `respond-async, odata.callback; url="${suite.receiver.url}/cb"`;
      const ids = [];
      for (let i = 0; i < 2; i++)
        ids.push((await t.api.start(syncInput(t.emu), prefer)).headers.get("x-ms-dyn-backgroundoperationid"));
      await suite.receiver.waitFor(2);
      expect(suite.receiver.received.map((r) => r.body.backgroundOperationId)).toEqual([ids[1], ids[0]]);
    } finally {
      await t.emu.close();
    }
  });
});

describe("request faults", () => {
  it("fails the next N requests of a route with 503, then serves it again", async () => {
    await faults({ requests: [{ route: "GET /api/data/v9.2/WhoAmI", status: 503, count: 2 }] });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await suite.t.api.call("/api/data/v9.2/WhoAmI")).status);
    expect(statuses).toEqual([503, 503, 200]);
  });

  it("answers an injected 429 with the given Retry-After, and 500 for any route", async () => {
    await faults({ requests: [{ status: 429, retryAfterSeconds: 7 }, { status: 500 }] });
    const throttled = await suite.t.api.call("/api/data/v9.2/WhoAmI");
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("7");
    const failed = await suite.t.api.call("/api/data/v9.2/accounts?$top=1");
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ error: { code: expect.stringMatching(/^0x/) as string } });
  });

  it("lets an injected timeout hang until the client gives up", async () => {
    await faults({ requests: [{ route: "GET /api/backgroundoperation/:id", status: "timeout" }] });
    const op = await start();
    await expect(suite.t.api.call(op.location, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect((await suite.t.api.call(op.location)).status).toBe(200);
  });
});

describe("ERP faults", () => {
  it("rejects some records, which the plug-in reports as FailedCount", async () => {
    await faults({ erp: { rejectEvery: 10, rejectIds: [suite.t.emu.accounts[0]?.accountid] } });
    const op = await start({ BatchSize: 25 });
    const end = await waitForTerminal(suite.t.api, op.location);
    expect(end).toMatchObject({
      backgroundOperationStatusCode: 30,
      FailedCount: 7,
      SyncedCount: 53,
      TotalCount: 60,
    });
    expect(await (await fetch(`${suite.t.emu.url}/_emulator/erp`)).json()).toMatchObject({
      uniqueCount: 53,
      rejectedCount: 7,
    });
  });
});

describe("holds", () => {
  it("holds runs at their start (2/20) and ERP requests until released, one by one or all", async () => {
    await faults({ plugin: { hold: true } });
    const a = await start();
    const b = await start();
    await heldAt(suite.t.emu, "plugin");
    expect(await suite.t.api.json(a.location)).toEqual({
      backgroundOperationStateCode: 2,
      backgroundOperationStatusCode: 20,
    });
    expect(await suite.t.api.json(b.location)).toMatchObject({ backgroundOperationStateCode: 0 });
    await faults({ erp: { hold: true }, plugin: { release: 1 } });
    // The only worker: the released run now waits at the ERP, the other operation in the queue.
    expect(await heldAt(suite.t.emu, "erp")).toBe(1);
    expect(await suite.t.api.json(a.location)).toMatchObject({ backgroundOperationStatusCode: 20 });
    await fetch(`${suite.t.emu.url}/_emulator/faults`, { method: "DELETE" });
    expect((await waitForTerminal(suite.t.api, a.location)).backgroundOperationStatusCode).toBe(30);
    expect((await waitForTerminal(suite.t.api, b.location)).backgroundOperationStatusCode).toBe(30);
  });
});
