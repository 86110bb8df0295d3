import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { armFaults, eventually, heldAt, startTestEmulator, syncInput, waitForTerminal } from "./helpers";

let t: Awaited<ReturnType<typeof startTestEmulator>>;
beforeAll(async () => {
  t = await startTestEmulator({ accountCount: 60, workers: 1, engine: { backoffBaseMs: 20_000 } });
});
afterEach(() => fetch(`${t.emu.url}/_emulator/reset`, { method: "POST" }));
afterAll(() => t.emu.close());

const faults = (body: unknown) => armFaults(t.emu, body);
const erp = async () => (await (await fetch(`${t.emu.url}/_emulator/erp`)).json()) as Record<string, number>;
const start = async (extra: Record<string, unknown> = {}) => {
  const res = await t.api.start(syncInput(t.emu, extra), "respond-async");
  return {
    id: res.headers.get("x-ms-dyn-backgroundoperationid") as string,
    location: res.headers.get("location") as string,
  };
};
const row = (id: string) =>
  t.api.json(
    `/api/data/v9.2/backgroundoperations(${id})?$select=retrycount,errorcode,errormessage,backgroundoperationstatecode`,
  );
const PLUGIN_ERROR = 0x80040265 | 0;

describe("retries", () => {
  it("retries a failed run after a backoff in 0/0 and succeeds, counting retries", async () => {
    // One worker and held runs: the first run is let through to fail, then another operation's held
    // run keeps the worker, so the retry surely waits in 0/0 however long its backoff.
    await faults({ plugin: { hold: true } });
    const op = await start();
    await heldAt(t.emu, "plugin");
    const other = await start();
    await faults({ plugin: { fail: 1, release: 1 } });
    const waiting = await eventually(
      () => row(op.id),
      (r) => r.retrycount === 1 && r.backgroundoperationstatecode === 0,
    );
    expect(waiting.errorcode).toBe(PLUGIN_ERROR);
    await heldAt(t.emu, "plugin");
    expect(await row(other.id)).toMatchObject({ backgroundoperationstatecode: 2, retrycount: 0 });
    await faults({ plugin: { hold: false } });
    expect(await waitForTerminal(t.api, op.location)).toMatchObject({
      backgroundOperationStatusCode: 30,
      SyncedCount: 60,
    });
    expect(await row(op.id)).toMatchObject({ retrycount: 1, errorcode: null });
  });

  it("gives up after 3 retries (4 runs) with the plug-in's error", async () => {
    await faults({ plugin: { fail: 5, failMessage: "ERP credentials expired" } });
    const op = await start();
    expect(await waitForTerminal(t.api, op.location)).toEqual({
      backgroundOperationStateCode: 3,
      backgroundOperationStatusCode: 31,
      backgroundOperationErrorCode: PLUGIN_ERROR,
      backgroundOperationErrorMessage: "ERP credentials expired",
    });
    expect((await row(op.id)).retrycount).toBe(3);
    const armed = (await (await fetch(`${t.emu.url}/_emulator/faults`)).json()) as {
      plugin: { fail: number };
    };
    expect(armed.plugin.fail).toBe(1);
  });

  it("resends from the same cursor after a mid-run failure without duplicating ERP records", async () => {
    // The first batch waits at the ERP; the request after it (the second batch) fails the run.
    await faults({ erp: { hold: true } });
    const op = await start({ BatchSize: 10 });
    await heldAt(t.emu, "erp");
    await faults({ erp: { fail: 1, hold: false } });
    expect(await waitForTerminal(t.api, op.location)).toMatchObject({
      backgroundOperationStatusCode: 30,
      SyncedCount: 60,
    });
    const stats = await erp();
    expect((await row(op.id)).retrycount).toBe(1);
    expect(stats.uniqueCount).toBe(60);
    expect(stats.duplicateCount).toBe(10);
  });
});

describe("the 2-minute execution limit", () => {
  const TIMEOUT_ERROR = 0x8004418d | 0;
  // runLong outlasts any limit (twice the limit, on the same clock), so a short one keeps these
  // runs quick; only a retry that must succeed needs a limit a busy machine cannot reach.
  let limited: Awaited<ReturnType<typeof startTestEmulator>>;
  let roomy: Awaited<ReturnType<typeof startTestEmulator>>;
  beforeAll(async () => {
    limited = await startTestEmulator({
      accountCount: 60,
      engine: { executionLimitMs: 20_000, backoffBaseMs: 1_000 },
    });
    roomy = await startTestEmulator({
      accountCount: 60,
      engine: { executionLimitMs: 200_000, backoffBaseMs: 1_000 },
    });
  });
  afterAll(() => Promise.all([limited.emu.close(), roomy.emu.close()]));
  const faults = (body: unknown, emu = limited) => armFaults(emu.emu, body);
  const start = async (emu = limited) => {
    const res = await emu.api.start(syncInput(emu.emu), "respond-async");
    return {
      id: res.headers.get("x-ms-dyn-backgroundoperationid") as string,
      location: res.headers.get("location") as string,
    };
  };

  it("fails a run that takes longer, and the retry can succeed", async () => {
    await faults({ plugin: { runLong: 1 } }, roomy);
    const op = await start(roomy);
    expect(await waitForTerminal(roomy.api, op.location)).toMatchObject({
      backgroundOperationStatusCode: 30,
    });
    expect((await roomy.api.json(`/api/data/v9.2/backgroundoperations(${op.id})`)).retrycount).toBe(1);
  });

  it("ends Failed with the sandbox time-out error when every run is too long", async () => {
    await faults({ plugin: { runLong: 4 } });
    const op = await start();
    const end = await waitForTerminal(limited.api, op.location);
    expect(end).toMatchObject({
      backgroundOperationStatusCode: 31,
      backgroundOperationErrorCode: TIMEOUT_ERROR,
    });
    expect(end.backgroundOperationErrorMessage).toMatch(/timed-out/);
  });

  it("applies to synchronous execution too: running in the background gives no extra time", async () => {
    await faults({ plugin: { runLong: 1 } });
    const res = await limited.api.start(syncInput(limited.emu));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "0x8004418D" } });
  });
});
