import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { createSqliteStore } from "../../server/store/sqlite-store";
import type { Store } from "../../server/store/store";
import { storeContract } from "./store-contract";
import { job } from "./support/contract-rows";

storeContract("SQLite", (options) => Promise.resolve(createSqliteStore("sqlite::memory:", options)));

const event = { data: "{}", terminal: false };

describe("SQLite store", () => {
  let store: Store;
  let dir: string | undefined;
  afterEach(async () => {
    await store.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

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
});
