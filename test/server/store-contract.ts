import { afterEach, describe, expect, it } from "vitest";
import { newOperation } from "../../server/jobs/new-rows";
import { ActiveJobConflictError, VersionConflictError, type Store } from "../../server/store/store";
import { storeContractRemovals } from "./store-contract-outbox";
import { storeContractSchedules } from "./store-contract-schedules";
import { event, job, type OpenStore } from "./support/contract-rows";

/**
 * The Store contract (server/store/store.ts) as one suite every store must pass: store-sqlite.test.ts
 * and store-pg.test.ts run it. `open` gives a fresh, empty store; `onCommit` counts group commits.
 */
export function storeContract(name: string, open: OpenStore) {
  storeContractRemovals(name, open);
  storeContractSchedules(name, open);
  describe(`${name}: the Store contract`, () => {
    let store: Store;
    afterEach(() => store?.close());

    it("round-trips a job and its operations, bumping the version on every save", async () => {
      store = await open({});
      const j = job("a", 5, { error: { code: "E", message: "m", batch: 2 }, cursor: "c1", total: 9 });
      await store.save({ job: j, expectedVersion: 0 });
      const op = {
        id: "op1",
        jobId: "a",
        batch: 1,
        cursor: null,
        backgroundOperationId: "bo1",
        stateCode: 1,
        statusCode: 20,
        retryCount: 0,
        createdAt: 5,
        startedAt: 6,
        endedAt: null,
        nextCheckAt: 1_800_000_000_000,
        checks: 2,
        progressDone: 120,
        progressTotal: 400,
      };
      await store.save({
        job: { ...j, version: 1, status: "running" },
        expectedVersion: 1,
        operations: [op],
      });
      expect(await store.getJob("a")).toEqual({ ...j, status: "running", version: 2 });
      expect(await store.getOperation("op1")).toEqual(op);
      expect(await store.getOperationWithJob("op1")).toEqual({
        operation: op,
        job: { ...j, status: "running", version: 2 },
      });
      expect(await store.getOperationWithJob("none")).toBeUndefined();
      expect(await store.listOperations("a")).toEqual([op]);
      expect(await store.dueOperations(1_800_000_000_000, 10)).toEqual([op]);
      expect(await store.dueOperations(1_799_999_999_999, 10)).toEqual([]);
      expect(await store.countJobsByStatus()).toEqual({ running: 1 });
    });

    it("writes what a job and an operation are when they are created, not again", async () => {
      store = await open({});
      const j = job("a", 5, { idempotencyKey: "k", requestHash: "h" });
      const op = { ...newOperation(j, 1, "c0", "op1", 5), backgroundOperationId: "bo1" };
      await store.save({ job: j, expectedVersion: 0, operations: [op] });
      const identity = { customApi: "y_Api", parameters: { n: 2 }, targetId: "b", requestedByName: "m" };
      await store.save({
        job: { ...j, ...identity, version: 1, status: "succeeded", endedAt: 9, synced: 3 },
        expectedVersion: 1,
        operations: [{ ...op, batch: 7, cursor: "c1", createdAt: 6, stateCode: 3, checks: 1 }],
      });
      expect(await store.getJob("a")).toEqual({
        ...j,
        version: 2,
        status: "succeeded",
        endedAt: 9,
        synced: 3,
      });
      expect(await store.getOperation("op1")).toEqual({ ...op, stateCode: 3, checks: 1 });
      expect((await store.findJobByIdempotencyKey("o", "k"))?.id).toBe("a");
    });

    it("keeps a job's failed records in order with its flags, adding each place once", async () => {
      store = await open({});
      const j = { ...job("a", 5), takesProgressUrl: true, failuresListed: 2, failuresDropped: 7 };
      const failure = (position: number, recordId: string) => ({
        jobId: "a",
        position,
        recordId,
        name: position === 0 ? null : `Name ${position}`,
        reason: `reason ${position}`,
      });
      await store.save({ job: j, expectedVersion: 0, failures: [failure(1, "r2"), failure(0, "r1")] });
      // A replayed save of the same places (a retried write) adds nothing.
      // The later save also carries a resume's pause, which a save of an existing job must write.
      await store.save({
        job: { ...j, version: 1, pausedMs: 42_000 },
        expectedVersion: 1,
        failures: [failure(1, "other")],
      });
      expect(await store.listFailures("a")).toEqual([failure(0, "r1"), failure(1, "r2")]);
      expect(await store.getJob("a")).toMatchObject({
        takesProgressUrl: true,
        failuresListed: 2,
        failuresDropped: 7,
        pausedMs: 42_000,
      });
      expect(await store.listFailures("b")).toEqual([]);
    });

    it("rejects a save at a stale version and changes nothing", async () => {
      store = await open({});
      await store.save({ job: job("a"), expectedVersion: 0, event });
      await expect(store.save({ job: job("a"), expectedVersion: 0, event })).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      await expect(
        store.save({ job: { ...job("a"), status: "running" }, expectedVersion: 5 }),
      ).rejects.toBeInstanceOf(VersionConflictError);
      expect((await store.getJob("a"))?.version).toBe(1);
      expect(await store.eventsAfter("a", 0)).toHaveLength(1);
    });

    it("commits concurrent saves in one transaction, giving events increasing sequence numbers", async () => {
      const commits: number[] = [];
      store = await open({ onCommit: (n) => commits.push(n) });
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.save({ job: job(`j${i}`), expectedVersion: 0, event })),
      );
      const seqs = results.map((r) => r.seq!);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(50);
      expect(commits).toEqual([50]);
      await store.save({ job: job("later"), expectedVersion: 0 });
      expect(commits).toEqual([50, 1]);
    });

    it("isolates a failing save from the others in the same group commit", async () => {
      store = await open({});
      await store.save({ job: job("a"), expectedVersion: 0, event });
      const [stale, fresh] = await Promise.allSettled([
        store.save({ job: { ...job("a"), status: "running" }, expectedVersion: 0, event }),
        store.save({ job: job("b"), expectedVersion: 0, event }),
      ]);
      expect((stale as PromiseRejectedResult).reason).toBeInstanceOf(VersionConflictError);
      expect(fresh.status).toBe("fulfilled");
      expect((await store.getJob("a"))?.status).toBe("queued");
      expect(await store.getJob("b")).toBeDefined();
      expect(await store.eventsAfter("a", 0)).toHaveLength(1);
    });

    it("keeps one active job per record and Custom API, case-blind on the id, unless concurrent", async () => {
      store = await open({});
      const first = job("first", 1, { targetId: "ABC" });
      await store.save({ job: first, expectedVersion: 0 });
      const results = await Promise.allSettled(
        ["x", "y", "z"].map((id) => store.save({ job: job(id, 1, { targetId: "abc" }), expectedVersion: 0 })),
      );
      for (const r of results) {
        expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ActiveJobConflictError);
        expect((r as PromiseRejectedResult).reason).toMatchObject({ activeJobId: "first" });
      }
      await store.save({ job: job("side", 1, { targetId: "abc", concurrent: true }), expectedVersion: 0 });
      await store.save({ job: job("other", 1, { targetId: "abc", customApi: "y_Api" }), expectedVersion: 0 });
      await store.save({ job: { ...first, version: 1, status: "succeeded" }, expectedVersion: 1 });
      await store.save({ job: job("next", 1, { targetId: "abc" }), expectedVersion: 0 });
      expect((await store.listJobs({ limit: 10 })).map((j) => j.id).sort()).toEqual(
        ["first", "next", "other", "side"].sort(),
      );
    });

    it("finds a job by its requester's Idempotency-Key", async () => {
      store = await open({});
      await store.save({ job: job("a", 1, { idempotencyKey: "k", requestHash: "h" }), expectedVersion: 0 });
      expect((await store.findJobByIdempotencyKey("o", "k"))?.id).toBe("a");
      expect(await store.findJobByIdempotencyKey("other", "k")).toBeUndefined();
      await expect(
        store.save({ job: job("b", 1, { idempotencyKey: "k" }), expectedVersion: 0 }),
      ).rejects.toThrow();
    });

    it("replays a job's events after a sequence number and finds the latest", async () => {
      store = await open({});
      let j = job("a");
      for (let i = 0; i < 3; i++) {
        await store.save({
          job: j,
          expectedVersion: j.version,
          event: { data: `{"n":${i}}`, terminal: i === 2 },
        });
        j = { ...j, version: j.version + 1 };
      }
      await store.save({ job: job("b"), expectedVersion: 0, event });
      const all = await store.eventsAfter("a", 0);
      const events = await store.eventsAfter("a", all[0]!.seq);
      expect(events.map((e) => e.data)).toEqual(['{"n":1}', '{"n":2}']);
      expect(await store.latestEvent("a")).toMatchObject({ jobId: "a", data: '{"n":2}', terminal: true });
      expect(await store.latestEvent("none")).toBeUndefined();
    });

    it("pages jobs newest first with a keyset cursor, stable for equal timestamps, and filters", async () => {
      store = await open({});
      await Promise.all(["a", "b", "c"].map((id) => store.save({ job: job(id, 5), expectedVersion: 0 })));
      await store.save({ job: job("d", 9, { requestedByOid: "p" }), expectedVersion: 0 });
      expect((await store.listJobs({ limit: 2 })).map((j) => j.id)).toEqual(["d", "c"]);
      const rest = await store.listJobs({ limit: 5, before: { createdAt: 5, id: "c" } });
      expect(rest.map((j) => j.id)).toEqual(["b", "a"]);
      expect((await store.listJobs({ limit: 5, requestedByOid: "p" })).map((j) => j.id)).toEqual(["d"]);
      const byTarget = await store.listJobs({ limit: 5, targetEntity: "account", targetId: "b" });
      expect(byTarget.map((j) => j.id)).toEqual(["b"]);
    });

    it("answers ping while open", async () => {
      store = await open({});
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
