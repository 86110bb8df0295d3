import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { armFaults, startTestEmulator, syncInput } from "./helpers";

/** The sample plug-in's progress posts (ProgressUrl) and its failed records (FailedRecords, RecordIds). */

let t: Awaited<ReturnType<typeof startTestEmulator>>;
let posts: { path: string; body: unknown }[] = [];
let status = 202;
const receiver = createServer((req: IncomingMessage, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    posts.push({ path: req.url ?? "", body: JSON.parse(Buffer.concat(chunks).toString()) as unknown });
    res.writeHead(status).end();
  });
});
let progressUrl = "";

beforeAll(async () => {
  t = await startTestEmulator({ accountCount: 300 });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  progressUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/progress?exp=1&sig=x`;
});
afterEach(async () => {
  posts = [];
  status = 202;
  await fetch(`${t.emu.url}/_emulator/reset`, { method: "POST" });
});
afterAll(async () => {
  await t.emu.close();
  await new Promise((resolve) => receiver.close(resolve));
});

type Outputs = { SyncedCount: number; FailedCount: number; TotalCount: number; FailedRecords: string };
const run = async (extra: Record<string, unknown>) => {
  const res = await t.api.start(syncInput(t.emu, extra));
  expect(res.status).toBe(200);
  return (await res.json()) as Outputs;
};

describe("ProgressUrl", () => {
  it("posts records done of the total after each ERP request but the last, never going back", async () => {
    const out = await run({ BatchSize: 50, ProgressUrl: progressUrl });
    expect(out).toMatchObject({ SyncedCount: 300, TotalCount: 300 });
    expect(posts.map((p) => p.body)).toEqual([50, 100, 150, 200, 250].map((done) => ({ done, total: 300 })));
    expect(posts.every((p) => p.path === "/progress?exp=1&sig=x")).toBe(true);
  });

  it("finishes its batch when the progress URL refuses every post", async () => {
    status = 500;
    const out = await run({ BatchSize: 100, ProgressUrl: progressUrl });
    expect(out).toMatchObject({ SyncedCount: 300, FailedCount: 0 });
    expect(posts).toHaveLength(2);
  });

  it("posts nothing without a ProgressUrl, and the outputs are the same", async () => {
    const out = await run({ BatchSize: 50 });
    expect(out).toMatchObject({ SyncedCount: 300, TotalCount: 300, FailedRecords: "[]" });
    expect(posts).toEqual([]);
  });
});

describe("FailedRecords and RecordIds", () => {
  it("names each record the ERP rejected with its name and reason, and syncs only RecordIds when given", async () => {
    const rejectedIds = t.emu.accounts.slice(10, 13).map((a) => a.accountid);
    await armFaults(t.emu, { erp: { rejectIds: rejectedIds } });
    const out = await run({ BatchSize: 100 });
    expect(out).toMatchObject({ SyncedCount: 297, FailedCount: 3 });
    const failed = JSON.parse(out.FailedRecords) as { id: string; name: string; reason: string }[];
    expect(failed.map((f) => f.id)).toEqual(rejectedIds);
    expect(failed[0]).toEqual({
      id: rejectedIds[0],
      name: t.emu.accounts[10]!.name,
      reason: expect.stringContaining("Rejected") as string,
    });

    await fetch(`${t.emu.url}/_emulator/reset`, { method: "POST" });
    const retry = await run({ BatchSize: 100, RecordIds: rejectedIds.map((id) => id.toUpperCase()) });
    expect(retry).toMatchObject({ SyncedCount: 3, FailedCount: 0, TotalCount: 3, FailedRecords: "[]" });
    const erp = (await (await fetch(`${t.emu.url}/_emulator/erp`)).json()) as { receivedCount: number };
    expect(erp.receivedCount).toBe(3);
  });
});
