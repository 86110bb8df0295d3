import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eventually, startCallbackReceiver, startTestEmulator, syncInput, waitForTerminal } from "./helpers";

let t: Awaited<ReturnType<typeof startTestEmulator>>;
let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;
beforeAll(async () => {
  t = await startTestEmulator({ accountCount: 60, workers: 1 });
  receiver = await startCallbackReceiver();
});
afterEach(async () => {
  await fetch(`${t.emu.url}/_emulator/reset`, { method: "POST" });
  receiver.received.length = 0;
});
afterAll(async () => {
  await t.emu.close();
  await receiver.close();
});

const faults = (body: unknown) =>
  fetch(`${t.emu.url}/_emulator/faults`, { method: "POST", body: JSON.stringify(body) });
const callbackLog = async () =>
  (
    (await (await fetch(`${t.emu.url}/_emulator/callbacks`)).json()) as {
      value: { operationId: string; outcome: string }[];
    }
  ).value;
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

describe("callback faults", () => {
  it("drops a callback", async () => {
    await faults({ callbacks: { drop: 1 } });
    const op = await start();
    await waitForTerminal(t.api, op.location);
    expect(await eventually(callbackLog, (log) => log.length === 1)).toEqual([
      expect.objectContaining({ operationId: op.id, outcome: "dropped" }),
    ]);
    expect(receiver.received).toHaveLength(0);
  });

  it("duplicates a callback", async () => {
    await faults({ callbacks: { duplicate: 1 } });
    const op = await start();
    await receiver.waitFor(2);
    expect(receiver.received[0]?.body).toEqual(receiver.received[1]?.body);
    expect(receiver.received[0]?.body.backgroundOperationId).toBe(op.id);
  });

  it("delays a callback past the operation's end", async () => {
    await faults({ callbacks: { delay: 1, delayMs: 60_000 } });
    const op = await start();
    await waitForTerminal(t.api, op.location);
    expect(receiver.received).toHaveLength(0);
    await receiver.waitFor(1);
    expect(receiver.received[0]?.body.backgroundOperationId).toBe(op.id);
  });

  it("reorders callbacks: the held one arrives after the next", async () => {
    await faults({ callbacks: { reorder: 1 } });
    const a = await start();
    const b = await start();
    await receiver.waitFor(2);
    expect(receiver.received.map((r) => r.body.backgroundOperationId)).toEqual([b.id, a.id]);
  });
});

describe("request faults", () => {
  it("fails the next N requests of a route with 503, then serves it again", async () => {
    await faults({ requests: [{ route: "GET /api/data/v9.2/WhoAmI", status: 503, count: 2 }] });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await t.api.call("/api/data/v9.2/WhoAmI")).status);
    expect(statuses).toEqual([503, 503, 200]);
  });

  it("answers an injected 429 with the given Retry-After, and 500 for any route", async () => {
    await faults({ requests: [{ status: 429, retryAfterSeconds: 7 }, { status: 500 }] });
    const throttled = await t.api.call("/api/data/v9.2/WhoAmI");
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("7");
    const failed = await t.api.call("/api/data/v9.2/accounts?$top=1");
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ error: { code: expect.stringMatching(/^0x/) as string } });
  });

  it("lets an injected timeout hang until the client gives up", async () => {
    await faults({ requests: [{ route: "GET /api/backgroundoperation/:id", status: "timeout" }] });
    const op = await start();
    await expect(t.api.call(op.location, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect((await t.api.call(op.location)).status).toBe(200);
  });
});

describe("ERP faults", () => {
  it("rejects some records, which the plug-in reports as FailedCount", async () => {
    await faults({ erp: { rejectEvery: 10, rejectIds: [t.emu.accounts[0]?.accountid] } });
    const op = await start({ BatchSize: 25 });
    const end = await waitForTerminal(t.api, op.location);
    expect(end).toMatchObject({
      backgroundOperationStatusCode: 30,
      FailedCount: 7,
      SyncedCount: 53,
      TotalCount: 60,
    });
    expect(await (await fetch(`${t.emu.url}/_emulator/erp`)).json()).toMatchObject({
      uniqueCount: 53,
      rejectedCount: 7,
    });
  });
});
