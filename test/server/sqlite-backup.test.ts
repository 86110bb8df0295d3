import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newJob } from "../../server/jobs/new-rows";
import { backupSqlite } from "../../server/store/sqlite-backup";
import { createSqliteStore } from "../../server/store/sqlite-store";
import type { Store } from "../../server/store/store";

const run = promisify(execFile);
let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "bgsync-backup-"));
  store = createSqliteStore(`sqlite:${join(dir, "live.db")}`);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const job = (n: number) =>
  newJob({
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    customApi: "sample_SyncRecordsToExternalSystem",
    parameters: {},
    targetEntity: "account",
    targetId: `10000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    requestedByOid: "o",
    requestedByName: "n",
    createdAt: n,
    chained: true,
    concurrent: false,
    idempotencyKey: null,
    requestHash: null,
  });
const save = (n: number) => store.save({ job: job(n), expectedVersion: 0 });

describe("SQLite backup", () => {
  it("copies a store that keeps being written, as of one moment", async () => {
    await Promise.all(Array.from({ length: 200 }, (_, i) => save(i + 1)));
    const copying = backupSqlite(`sqlite:${join(dir, "live.db")}`, join(dir, "copy.db"));
    const during = Promise.all(Array.from({ length: 200 }, (_, i) => save(i + 201)));
    await Promise.all([copying, during]);
    const copy = createSqliteStore(`sqlite:${join(dir, "copy.db")}`);
    try {
      const saved = (await copy.stats()).tables.jobs.rows;
      expect(saved).toBeGreaterThanOrEqual(200);
      expect(saved).toBeLessThanOrEqual(400);
      expect(await copy.getJob(job(1).id)).toMatchObject({ id: job(1).id, targetEntity: "account" });
    } finally {
      await copy.close();
    }
  });

  it("npm run backup copies the store STORE_URL names, and refuses to overwrite", async () => {
    await save(1);
    const env = { ...process.env, STORE_URL: `sqlite:${join(dir, "live.db")}` };
    const destination = join(dir, "nightly", "bgsync.db");
    const { stdout } = await run("npm", ["run", "-s", "backup", "--", destination], { env });
    expect(stdout).toMatch(/^backed up sqlite:.*live\.db to .*bgsync\.db \(\d+ pages\)\n$/);
    const again = await run("npm", ["run", "-s", "backup", "--", destination], { env }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(again).toMatchObject({ code: 1, stderr: `${destination} exists: choose a new file\n` });
  });
});
