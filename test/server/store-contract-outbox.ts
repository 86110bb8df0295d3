import { afterEach, describe, expect, it } from "vitest";
import type { NotificationRow, Store } from "../../server/store/store";
import { event, job, type OpenStore } from "./support/contract-rows";

/** The Store contract, continued (store-contract.ts): the outbox, retention and erasure. */

const notification = (id: string, jobId: string, at: number): NotificationRow => ({
  id,
  jobId,
  receiver: "flow",
  url: "https://example.test/hook",
  payload: `{"id":"${id}"}`,
  status: "pending",
  attempts: 0,
  createdAt: at,
  nextAttemptAt: at,
  claimedUntil: null,
  lastAttemptAt: null,
  lastStatus: null,
  lastError: null,
  deliveredAt: null,
});

export function storeContractRemovals(name: string, open: OpenStore) {
  describe(`${name}: the Store contract for the outbox, retention and erasure`, () => {
    let store: Store;
    afterEach(() => store?.close());

    it("saves outbox rows with the job, and claims each due row once however many claim at once", async () => {
      store = await open({});
      const rows = ["n1", "n2", "n3"].map((id, i) => notification(id, "a", 10 + i));
      await store.save({ job: job("a"), expectedVersion: 0, notifications: rows });
      const claims = await Promise.all([1, 2, 3].map(() => store.claimNotifications(100, 200, 2)));
      const claimed = claims.flat().map((n) => n.id);
      expect(claimed.sort()).toEqual(["n1", "n2", "n3"]);
      expect(await store.claimNotifications(150, 250, 10)).toEqual([]);
      // The lease ran out: due again, same id.
      const again = await store.claimNotifications(200, 300, 10);
      expect(again.map((n) => n.id)).toEqual(["n1", "n2", "n3"]);
      expect(again[0]).toMatchObject({ status: "sending", claimedUntil: 300 });
    });

    it("updates an outbox row only under the lease it was claimed with", async () => {
      store = await open({});
      await store.save({ job: job("a"), expectedVersion: 0, notifications: [notification("n1", "a", 10)] });
      const [row] = await store.claimNotifications(100, 200, 1);
      const delivered = {
        ...row!,
        status: "delivered" as const,
        attempts: 1,
        deliveredAt: 150,
        claimedUntil: null,
      };
      expect(await store.updateNotification(delivered, { status: "sending", claimedUntil: 999 })).toBe(false);
      expect(await store.updateNotification(delivered, { status: "sending", claimedUntil: 200 })).toBe(true);
      expect(await store.updateNotification(delivered, { status: "sending", claimedUntil: 200 })).toBe(false);
      expect(await store.getNotification("n1")).toEqual(delivered);
      expect(await store.countNotificationsByStatus()).toEqual({ delivered: 1 });
      await store.save({ job: job("b"), expectedVersion: 0, notifications: [notification("n2", "b", 20)] });
      const newest = await store.listNotifications({ limit: 10 });
      expect(newest.map((n) => n.id)).toEqual(["n2", "n1"]);
      expect((await store.listNotifications({ limit: 10, status: "pending", jobId: "b" })).length).toBe(1);
      expect(await store.listNotifications({ limit: 10, receiver: "other" })).toEqual([]);
    });

    it("compacts ended jobs' events into their last, and removes ended jobs once their notifications settled", async () => {
      store = await open({});
      const ended = { status: "succeeded" as const, endedAt: 100 };
      let a = job("a");
      for (const terminal of [false, false, true]) {
        await store.save({
          job: terminal ? { ...a, ...ended } : a,
          expectedVersion: a.version,
          event: { data: "{}", terminal },
        });
        a = { ...a, version: a.version + 1 };
      }
      await store.save({ job: job("b"), expectedVersion: 0, event });
      await store.save({
        job: { ...job("c"), ...ended },
        expectedVersion: 0,
        notifications: [notification("n1", "c", 10)],
      });
      expect(await store.jobsWithEventsToCompact(100, 10)).toEqual([]);
      expect(await store.jobsWithEventsToCompact(101, 10)).toEqual(["a"]);
      // Made from an older job: a save (a resume) came in between, and nothing changes.
      expect(await store.compactEvents("a", a.version - 1, '{"stale":true}')).toBeNull();
      expect(await store.eventsAfter("a", 0)).toHaveLength(3);
      expect(await store.compactEvents("a", a.version, '{"whole":true}')).toBe(2);
      expect(await store.eventsAfter("a", 0)).toMatchObject([{ data: '{"whole":true}', terminal: true }]);
      expect(await store.jobsWithEventsToCompact(101, 10)).toEqual([]);
      expect(await store.eventsAfter("b", 0)).toHaveLength(1);
      // c waits for its pending notification.
      expect(await store.removeEndedJobs(101, 10)).toEqual({
        jobs: 1,
        operations: 0,
        events: 1,
        notifications: 0,
      });
      expect(await store.getJob("a")).toBeUndefined();
      expect((await store.stats()).tables.jobs.rows).toBe(2);
      expect((await store.stats()).tables.notifications).toEqual({ rows: 1, oldest: 10 });
    });

    it("erases a person from finished jobs and their notifications, leaving active ones listed", async () => {
      store = await open({});
      const payload = JSON.stringify({ data: { requestedBy: { objectId: "o", name: "n" } } });
      await store.save({
        job: { ...job("a", 1, { idempotencyKey: "k" }), status: "failed", endedAt: 5 },
        expectedVersion: 0,
        notifications: [{ ...notification("n1", "a", 5), payload }],
      });
      await store.save({ job: job("b"), expectedVersion: 0 });
      const report = await store.erasePerson("O");
      expect(report).toEqual({
        jobIds: ["a"],
        notificationsRewritten: 1,
        activeJobIds: ["b"],
        schedulesPaused: [],
      });
      expect(await store.getJob("a")).toMatchObject({
        requestedByOid: "erased",
        requestedByName: "",
        idempotencyKey: null,
      });
      expect((await store.getNotification("n1"))?.payload).toBe(
        JSON.stringify({ data: { requestedBy: { objectId: "erased", name: "" } } }),
      );
      expect((await store.getJob("b"))?.requestedByOid).toBe("o");
    });

    it("keeps an erasure that lands while the row is out with a deliverer", async () => {
      store = await open({});
      const payload = JSON.stringify({ data: { requestedBy: { objectId: "o", name: "n" } } });
      await store.save({
        job: { ...job("a"), status: "failed", endedAt: 5 },
        expectedVersion: 0,
        notifications: [{ ...notification("n1", "a", 5), payload }],
      });
      const [out] = await store.claimNotifications(10, 20, 1);
      await store.erasePerson("o");
      const retry = { ...out!, status: "pending" as const, attempts: 1, nextAttemptAt: 30, lastError: "503" };
      expect(await store.updateNotification(retry, { status: "sending", claimedUntil: 20 })).toBe(true);
      expect(await store.getNotification("n1")).toEqual({
        ...retry,
        payload: JSON.stringify({ data: { requestedBy: { objectId: "erased", name: "" } } }),
      });
    });

    it("finds an operation by Dataverse's id", async () => {
      store = await open({});
      const op = {
        id: "op1",
        jobId: "a",
        batch: 1,
        cursor: null,
        backgroundOperationId: "bo-7",
        stateCode: 0,
        statusCode: 0,
        retryCount: 0,
        createdAt: 1,
        startedAt: null,
        endedAt: null,
        nextCheckAt: null,
        checks: 0,
        progressDone: null,
        progressTotal: null,
      };
      await store.save({ job: job("a"), expectedVersion: 0, operations: [op] });
      expect(await store.operationByBackgroundId("bo-7")).toEqual(op);
      expect(await store.operationByBackgroundId("bo-8")).toBeUndefined();
    });
  });
}
