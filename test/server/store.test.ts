import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { newJob } from "../../server/jobs/new-rows";
import { createSqliteStore } from "../../server/store/sqlite-store";
import { VersionConflictError, type JobRow, type Store } from "../../server/store/store";

const job = (id: string, createdAt = 1): JobRow =>
  newJob({
    id,
    customApi: "x_Api",
    parameters: {},
    targetEntity: "account",
    // Each its own record: one active job per record is tested on its own.
    targetId: id,
    requestedByOid: "o",
    requestedByName: "n",
    createdAt,
    chained: true,
    idempotencyKey: null,
    requestHash: null,
    concurrent: false,
  });
const event = { data: "{}", terminal: false };

let store: Store;
let dir: string | undefined;
afterEach(async () => {
  await store.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("SQLite store", () => {
  it("uses WAL with synchronous=FULL on a file", async () => {
    dir = mkdtempSync(join(tmpdir(), "bgsync-store-"));
    const path = join(dir, "nested", "jobs.db");
    store = createSqliteStore(`sqlite:${path}`);
    await store.save({ job: job("a"), expectedVersion: 0, event });
    const db = new Database(path, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
    expect((await store.getJob("a"))?.version).toBe(1);
  });

  it("commits concurrent saves in one transaction, giving events increasing sequence numbers", async () => {
    const commits: number[] = [];
    store = createSqliteStore("sqlite::memory:", { onCommit: (n) => commits.push(n) });
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
    store = createSqliteStore("sqlite::memory:");
    await store.save({ job: job("a"), expectedVersion: 0, event });
    const [stale, fresh] = await Promise.allSettled([
      store.save({ job: { ...job("a"), status: "running" }, expectedVersion: 0, event }),
      store.save({ job: job("b"), expectedVersion: 0, event }),
    ]);
    expect(stale.status).toBe("rejected");
    expect((stale as PromiseRejectedResult).reason).toBeInstanceOf(VersionConflictError);
    expect(fresh.status).toBe("fulfilled");
    expect((await store.getJob("a"))?.status).toBe("queued");
    expect(await store.getJob("b")).toBeDefined();
    expect((await store.eventsAfter("a", 0)).length).toBe(1);
  });

  it("a group whose transaction cannot commit rejects every waiting save, and the store goes on", async () => {
    dir = mkdtempSync(join(tmpdir(), "bgsync-store-"));
    const path = join(dir, "jobs.db");
    store = createSqliteStore(`sqlite:${path}`);
    await store.save({ job: job("a"), expectedVersion: 0, event });
    // Another writer holds the database: the group's transaction fails as a full disk's COMMIT would.
    const other = new Database(path);
    other.exec("BEGIN IMMEDIATE");
    const results = await Promise.allSettled([
      store.save({ job: job("b"), expectedVersion: 0, event }),
      store.save({ job: job("c"), expectedVersion: 0, event }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ code: "SQLITE_BUSY" });
    other.exec("ROLLBACK");
    other.close();
    expect(await store.getJob("b")).toBeUndefined();
    await store.save({ job: job("d"), expectedVersion: 0, event });
    expect((await store.getJob("d"))?.version).toBe(1);
  });

  it("replays a job's events after a sequence number and finds the latest", async () => {
    store = createSqliteStore("sqlite::memory:");
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
    const events = await store.eventsAfter("a", 1);
    expect(events.map((e) => e.data)).toEqual(['{"n":1}', '{"n":2}']);
    expect(await store.latestEvent("a")).toMatchObject({ data: '{"n":2}', terminal: true });
  });

  it("pages jobs newest first with a keyset cursor, stable for equal timestamps", async () => {
    store = createSqliteStore("sqlite::memory:");
    await Promise.all(["a", "b", "c"].map((id) => store.save({ job: job(id, 5), expectedVersion: 0 })));
    await store.save({ job: job("d", 9), expectedVersion: 0 });
    const first = await store.listJobs({ limit: 2 });
    expect(first.map((j) => j.id)).toEqual(["d", "c"]);
    const rest = await store.listJobs({ limit: 5, before: { createdAt: 5, id: "c" } });
    expect(rest.map((j) => j.id)).toEqual(["b", "a"]);
  });
});
