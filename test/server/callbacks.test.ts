import { afterEach, describe, expect, it } from "vitest";
import type { Job } from "../../server/jobs/job-json";
import { snapshot } from "./support/fake-dataverse";
import { createLogger } from "../../server/logger";
import { startServer } from "../../server/start";
import { createHarness, testConfig, validInput } from "./support/harness";

let h: ReturnType<typeof createHarness>;
afterEach(() => h.close());

async function startJob() {
  const job = (await (await h.post("/api/jobs", validInput)).json()) as Job;
  const get = async () => (await (await h.app.request(`/api/jobs/${job.id}`)).json()) as Job;
  return { id: job.id, get };
}
const bg = (n: number) => h.dataverse.starts[n - 1]!.backgroundOperationId;

describe("POST /callbacks/operations/{operationId}", () => {
  it("chains batches while NextCursor is non-empty, accumulating counts, then completes", async () => {
    h = createHarness();
    const job = await startJob();
    h.dataverse.complete(bg(1), 30, { SyncedCount: 100, FailedCount: 1, TotalCount: 250, NextCursor: "c1" });
    expect((await h.callback(1)).status).toBe(204);
    expect(h.dataverse.starts[1]?.parameters).toMatchObject({ Cursor: "c1", EntityName: "account" });
    h.dataverse.complete(bg(2), 30, { SyncedCount: 100, FailedCount: 0, NextCursor: "c2" });
    await h.callback(2);
    h.dataverse.complete(bg(3), 30, { SyncedCount: 49, FailedCount: 0, NextCursor: "" });
    await h.callback(3);
    const done = await job.get();
    expect(done).toMatchObject({
      status: "succeeded",
      progress: { synced: 249, failed: 1, total: 250, batches: 3 },
    });
    expect(done.operations.map((o) => [o.batch, o.stateCode, o.statusCode])).toEqual([
      [1, 3, 30],
      [2, 3, 30],
      [3, 3, 30],
    ]);
    expect(h.dataverse.starts).toHaveLength(3);
  });

  it("reads outputs from the backgroundoperations row, not from the (unsigned) body", async () => {
    h = createHarness();
    const job = await startJob();
    const url = new URL(h.dataverse.starts[0]!.callbackUrl);
    // The body claims success, but Dataverse's status monitor says the operation is still running.
    h.dataverse.snapshots.set(bg(1), snapshot(2, 20));
    const res = await h.app.request(url.pathname + url.search, {
      method: "POST",
      body: JSON.stringify({
        backgroundOperationStateCode: 3,
        backgroundOperationStatusCode: 30,
        SyncedCount: 999,
      }),
    });
    expect(res.status).toBe(204);
    expect(await job.get()).toMatchObject({ status: "running", progress: { synced: 0 } });
  });

  it("ignores duplicate, replayed and late callbacks: nothing is counted twice or moves back", async () => {
    h = createHarness();
    const job = await startJob();
    h.dataverse.complete(bg(1), 30, { SyncedCount: 10, NextCursor: "c1" });
    await Promise.all([h.callback(1), h.callback(1), h.callback(1)]);
    h.dataverse.complete(bg(2), 30, { SyncedCount: 5, NextCursor: "" });
    await h.callback(2);
    await h.callback(1);
    await h.callback(2);
    const done = await job.get();
    expect(done).toMatchObject({ status: "succeeded", progress: { synced: 15, batches: 2 } });
    expect(h.dataverse.starts).toHaveLength(2);
    // A callback for an operation already known to be finished costs Dataverse nothing.
    expect(h.dataverse.monitorCalls).toHaveLength(2);
  });

  it("a replayed callback that does not claim the end reads the row at most once per polling floor", async () => {
    h = createHarness({ RECONCILE_POLL_FLOOR_SECONDS: "60" });
    const job = await startJob();
    const url = new URL(h.dataverse.starts[0]!.callbackUrl);
    const send = (body: unknown) =>
      h.app.request(url.pathname + url.search, { method: "POST", body: JSON.stringify(body) });
    h.dataverse.snapshots.set(bg(1), snapshot(2, 20));
    const before = h.dataverse.monitorCalls.length;
    const running = { backgroundOperationId: bg(1), backgroundOperationStateCode: 2 };
    for (let i = 0; i < 5; i++) expect((await send(running)).status).toBe(204);
    expect((await send({})).status).toBe(204);
    expect(h.dataverse.monitorCalls.length - before).toBe(1);
    h.clock.advance(60_000);
    expect((await send(running)).status).toBe(204);
    expect(h.dataverse.monitorCalls.length - before).toBe(2);
    // A real completion callback within the floor is still processed at once.
    h.dataverse.complete(bg(1), 30, { SyncedCount: 7, NextCursor: "" });
    expect((await h.callback(1)).status).toBe(204);
    expect(await job.get()).toMatchObject({ status: "succeeded", progress: { synced: 7 } });
  });

  it("50 replays of a callback claiming the end read the row once beyond the first, per polling floor", async () => {
    h = createHarness({ RECONCILE_POLL_FLOOR_SECONDS: "60" });
    const job = await startJob();
    const url = new URL(h.dataverse.starts[0]!.callbackUrl);
    const send = (body: unknown) =>
      h.app.request(url.pathname + url.search, { method: "POST", body: JSON.stringify(body) });
    // The replayed body claims 3/30, but the operation is still running.
    h.dataverse.snapshots.set(bg(1), snapshot(2, 20));
    const ended = {
      backgroundOperationId: bg(1),
      backgroundOperationStateCode: 3,
      backgroundOperationStatusCode: 30,
    };
    const before = h.dataverse.monitorCalls.length;
    for (let i = 0; i < 50; i++) expect((await send(ended)).status).toBe(204);
    expect(h.dataverse.monitorCalls.length - before).toBe(1);
    h.clock.advance(60_000);
    for (let i = 0; i < 50; i++) expect((await send(ended)).status).toBe(204);
    expect(h.dataverse.monitorCalls.length - before).toBe(2);
    expect(await job.get()).toMatchObject({ status: "running" });
  });

  it("records a failed operation's error, the batch and Dataverse's retry count", async () => {
    h = createHarness();
    const job = await startJob();
    h.dataverse.complete(bg(1), 31, {}, { code: "0x80040265", message: "ERP rejected the batch" });
    h.dataverse.retryCounts.set(bg(1), 3);
    await h.callback(1);
    const failed = await job.get();
    expect(failed).toMatchObject({
      status: "failed",
      error: { code: "0x80040265", message: "ERP rejected the batch", batch: 1 },
    });
    expect(failed.operations[0]?.retryCount).toBe(3);
  });

  for (const [name, mutate] of [
    ["forged signature", (u: URL) => u.searchParams.set("sig", "A".repeat(43))],
    ["no signature", (u: URL) => u.searchParams.delete("sig")],
    [
      "signature of another operation",
      (u: URL) => (u.pathname = u.pathname.replace(/.$/, (c) => (c === "0" ? "1" : "0"))),
    ],
    ["moved expiry", (u: URL) => u.searchParams.set("exp", String(Number(u.searchParams.get("exp")) + 60))],
  ] as const) {
    it(`answers 401 to a ${name}, before reading the body, and changes nothing`, async () => {
      h = createHarness();
      const job = await startJob();
      h.dataverse.complete(bg(1), 30, { SyncedCount: 10, NextCursor: "" });
      const url = new URL(h.dataverse.starts[0]!.callbackUrl);
      mutate(url);
      let bodyRead = false;
      const body = new ReadableStream(
        {
          pull(c) {
            bodyRead = true;
            c.enqueue(new TextEncoder().encode("{}"));
            c.close();
          },
        },
        { highWaterMark: 0 },
      );
      const res = await h.app.request(url.pathname + url.search, {
        method: "POST",
        body,
        duplex: "half",
      } as RequestInit);
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(bodyRead).toBe(false);
      expect(h.dataverse.monitorCalls).toHaveLength(0);
      expect((await job.get()).status).toBe("running");
    });
  }

  it("answers 413 to a callback body over 16 KB, served by Node or not, and reads nothing", async () => {
    h = createHarness();
    await startJob();
    const big = JSON.stringify({ backgroundOperationStateCode: 3, padding: "x".repeat(17 * 1024) });
    const res = await h.app.request(h.dataverse.starts[0]!.callbackUrl, { method: "POST", body: big });
    expect(res.status).toBe(413);
    const server = await startServer(testConfig(), {
      dataverse: h.dataverse,
      logger: createLogger("silent"),
    });
    try {
      const res = await fetch(`${server.url}/api/jobs`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(validInput),
      });
      expect(res.status).toBe(202);
      const url = new URL(h.dataverse.starts[1]!.callbackUrl);
      const refused = await fetch(`${server.url}${url.pathname}${url.search}`, { method: "POST", body: big });
      expect(refused.status).toBe(413);
      // Chunked, without a Content-Length: the limit is found while reading, and still answered.
      const chunked = await fetch(`${server.url}${url.pathname}${url.search}`, {
        method: "POST",
        body: new Blob([big]).stream(),
        duplex: "half",
      } as RequestInit);
      expect(chunked.status).toBe(413);
      expect(chunked.headers.get("content-type")).toBe("application/problem+json");
      expect(h.dataverse.monitorCalls).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  it("answers 401 to an expired callback URL", async () => {
    h = createHarness({ CALLBACK_TTL_SECONDS: "60" });
    const job = await startJob();
    h.dataverse.complete(bg(1), 30, { SyncedCount: 10, NextCursor: "" });
    h.clock.advance(61_000);
    expect((await h.callback(1)).status).toBe(401);
    expect((await job.get()).status).toBe("running");
  });
});
