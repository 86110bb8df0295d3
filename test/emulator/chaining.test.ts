import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCallbackReceiver, startTestEmulator, syncInput, type StatusBody } from "./helpers";

const ACCOUNTS = 10_000;
let t: Awaited<ReturnType<typeof startTestEmulator>>;
let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;
beforeAll(async () => {
  // A short time budget and a per-record cost make each run stop well before 10,000 records.
  t = await startTestEmulator({
    accountCount: ACCOUNTS,
    timeScale: 0.01,
    plugin: { msPerRecord: 5, timeBudgetMs: 20_000 },
  });
  receiver = await startCallbackReceiver();
});
afterAll(async () => {
  await t.emu.close();
  await receiver.close();
});

describe("chaining a large sync through several operations", () => {
  it("syncs 10,000 accounts batch by batch, driven by callbacks, into a complete duplicate-free ERP", async () => {
    let cursor = "";
    const runs: StatusBody[] = [];
    do {
      const res = await t.api.start(
        syncInput(t.emu, { Cursor: cursor, BatchSize: 250 }),
        `respond-async, odata.callback; url="${receiver.url}/cb/${runs.length}"`,
      );
      expect(res.status).toBe(202);
      // As the companion API does: wait for the callback, then read the outputs from the status monitor.
      await receiver.waitFor(runs.length + 1);
      const callback = receiver.received[runs.length];
      expect(callback?.body.backgroundOperationStatusCode).toBe(30);
      const status = await t.api.json<StatusBody>(callback?.body.location as string);
      runs.push(status);
      cursor = status.NextCursor as string;
    } while (cursor !== "" && runs.length < 100);

    expect(runs.length).toBeGreaterThan(1);
    expect(runs.every((r) => r.TotalCount === ACCOUNTS)).toBe(true);
    expect(runs.reduce((sum, r) => sum + (r.SyncedCount as number), 0)).toBe(ACCOUNTS);
    const erp: unknown = await (await fetch(`${t.emu.url}/_emulator/erp`)).json();
    expect(erp).toMatchObject({ uniqueCount: ACCOUNTS, receivedCount: ACCOUNTS, duplicateCount: 0 });
  });
});
