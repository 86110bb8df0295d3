import { afterEach, describe, expect, it } from "vitest";
import { DataverseError } from "../../server/dataverse/errors";
import type { Job } from "../../server/jobs/job-json";
import { createReconciler } from "../../server/jobs/reconciler";
import { createLogger } from "../../server/logger";
import { createMetrics } from "../../server/metrics";
import { createServices } from "../../server/services";
import type { JobChange } from "../../server/store/store";
import { createHarness, validInput } from "./support/harness";

/**
 * The hand-off sends the next batch's start before it commits the transition (hand-off.ts). A crash
 * or a failed commit between the two leaves the ended batch running in the store and the next one
 * started in Dataverse: whoever continues the chain then must adopt that start, never send another.
 */

let h: ReturnType<typeof createHarness>;
afterEach(() => h.close());
const SECOND = 1000;

/** The next save of a transition that starts a batch fails, as if the process died before its commit. */
function failTheHandOffCommit() {
  const save = h.store.save.bind(h.store);
  h.store.save = (change: JobChange) => {
    if ((change.operations?.length ?? 0) < 2) return save(change);
    h.store.save = save;
    return Promise.reject(new Error("the process died before this commit"));
  };
}

/** A second engine on the same store and Dataverse: what a restarted process has. */
function restarted() {
  const logger = createLogger("silent");
  const services = createServices({ ...h, logger, metrics: createMetrics() });
  return createReconciler({
    store: h.store,
    engine: services.engine,
    clock: h.clock,
    logger,
    tickMs: 60_000,
  });
}

async function startJob() {
  const job = (await (await h.post("/api/jobs", validInput)).json()) as Job;
  return async () => (await (await h.get(`/api/jobs/${job.id}`)).json()) as Job;
}

describe("a hand-off cut short between the next start and its commit", () => {
  it("is continued by a restarted process that adopts the start: no batch lost, none run twice", async () => {
    h = createHarness();
    const job = await startJob();
    const first = h.dataverse.starts[0]!.backgroundOperationId;
    h.dataverse.complete(first, 30, { SyncedCount: 10, TotalCount: 13, NextCursor: "c1" });
    failTheHandOffCommit();
    expect((await h.callback(1)).status).toBe(500);
    // The start went out; the store still shows the first batch running, and no second one.
    expect(h.dataverse.starts).toHaveLength(2);
    expect(h.dataverse.starts[1]!.parameters).toMatchObject({ Cursor: "c1" });
    expect((await job()).operations).toMatchObject([{ batch: 1, stateCode: 0 }]);

    const reconciler = restarted();
    h.clock.advance(120 * SECOND);
    await reconciler.tick();
    expect(h.dataverse.starts).toHaveLength(2);
    expect(h.dataverse.lookups).toEqual(["sample_SyncRecordsToExternalSystem"]);
    const second = h.dataverse.starts[1]!.backgroundOperationId;
    h.dataverse.complete(second, 30, { SyncedCount: 3, TotalCount: 13, NextCursor: "" });
    h.clock.advance(120 * SECOND);
    await reconciler.tick();
    expect(h.dataverse.starts).toHaveLength(2);
    expect(await job()).toMatchObject({ status: "succeeded", progress: { synced: 13, batches: 2 } });
  });

  it("in the same process: the callback sent again adopts the start instead of sending another", async () => {
    h = createHarness();
    const job = await startJob();
    h.dataverse.complete(h.dataverse.starts[0]!.backgroundOperationId, 30, {
      SyncedCount: 5,
      NextCursor: "c1",
    });
    failTheHandOffCommit();
    expect((await h.callback(1)).status).toBe(500);
    h.clock.advance(60 * SECOND);
    expect((await h.callback(1)).status).toBe(204);
    expect(h.dataverse.starts).toHaveLength(2);
    expect((await job()).operations).toMatchObject([{ batch: 1 }, { batch: 2 }]);
  });

  it("continued cleanly costs no lookup: two Dataverse requests per batch", async () => {
    h = createHarness();
    const job = await startJob();
    for (let n = 1; n <= 3; n++) {
      const id = h.dataverse.starts[n - 1]!.backgroundOperationId;
      h.dataverse.complete(id, 30, { SyncedCount: 1, NextCursor: n < 3 ? `c${n}` : "" });
      expect((await h.callback(n)).status).toBe(204);
    }
    expect(await job()).toMatchObject({ status: "succeeded", progress: { batches: 3 } });
    expect(h.dataverse.starts.length + h.dataverse.monitorCalls.length).toBe(6);
    expect(h.dataverse.lookups).toEqual([]);
  });
});

describe("a hand-off whose start is refused", () => {
  it("before its commit is in: the job fails once the commit is, nothing left unhandled", async () => {
    h = createHarness();
    const job = await startJob();
    h.dataverse.complete(h.dataverse.starts[0]!.backgroundOperationId, 30, {
      SyncedCount: 5,
      NextCursor: "c1",
    });
    h.dataverse.failNextStart = new DataverseError(400, "0x80040203", "Invalid argument");
    expect((await h.callback(1)).status).toBe(204);
    expect(await job()).toMatchObject({ status: "failed", error: { code: "0x80040203", batch: 2 } });
  });
});

describe("a callback racing the hand-off's commit", () => {
  it("waits for the batch's row instead of finding no such operation", async () => {
    h = createHarness();
    const job = await startJob();
    let racing: Response | Promise<Response> | undefined;
    const start = h.dataverse.startBackgroundOperation.bind(h.dataverse);
    // The second batch ends at once, and its callback arrives before the hand-off's commit is in.
    h.dataverse.startBackgroundOperation = async (req) => {
      const started = await start(req);
      h.dataverse.complete(started.backgroundOperationId, 30, { SyncedCount: 2, NextCursor: "" });
      const url = new URL(req.callbackUrl);
      racing = h.app.request(url.pathname + url.search, {
        method: "POST",
        body: JSON.stringify({ backgroundOperationId: started.backgroundOperationId }),
      });
      return started;
    };
    h.dataverse.complete(h.dataverse.starts[0]!.backgroundOperationId, 30, {
      SyncedCount: 5,
      NextCursor: "c1",
    });
    expect((await h.callback(1)).status).toBe(204);
    expect((await racing!).status).toBe(204);
    expect(await job()).toMatchObject({ status: "succeeded", progress: { synced: 7, batches: 2 } });
  });
});
