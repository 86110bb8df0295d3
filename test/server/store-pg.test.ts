import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../server/config";
import { openPgStore } from "../../server/store/pg-store";
import { storeContract } from "./store-contract";
import { job } from "./support/contract-rows";
import { pgSchema, pgSkipReason, sql } from "./support/pg";

const skip = await pgSkipReason();
if (skip) console.warn(skip);

/** Every store opened here gets its own schema, dropped when the file is done. */
const schemas: ReturnType<typeof pgSchema>[] = [];
const fresh = () => {
  const s = pgSchema();
  schemas.push(s);
  return s;
};
afterAll(async () => {
  if (!skip) for (const s of schemas) await s.drop();
});

describe.skipIf(skip !== undefined)("PostgreSQL store", () => {
  storeContract("PostgreSQL", (options) => openPgStore(fresh().storeUrl, options));

  it("migrates once when several instances start at the same moment", async () => {
    const schema = fresh();
    const stores = await Promise.all([1, 2, 3, 4].map(() => openPgStore(schema.storeUrl)));
    try {
      const versions = await sql<{ version: number }>(
        `SELECT version FROM ${schema.name}.schema_migrations ORDER BY version`,
      );
      expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6]);
      await stores[0]!.save({ job: job("a"), expectedVersion: 0 });
      expect((await stores[3]!.getJob("a"))?.version).toBe(1);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it("reports an unreachable database as a configuration problem", async () => {
    const error = (await openPgStore("postgres://postgres@127.0.0.1:1/test").catch(
      (e: unknown) => e,
    )) as Error;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(
      /^Invalid configuration:\n- STORE_URL: cannot use PostgreSQL at 127\.0\.0\.1:1\/test \(/,
    );
    expect(error.message).not.toMatch(/\n\s+at /);
  });

  it("replays a group commit whose connection the server terminated, and reads go on", async () => {
    const schema = fresh();
    const store = await openPgStore(schema.storeUrl, { poolSize: 2 });
    try {
      await store.save({ job: job("a"), expectedVersion: 0 });
      const killed = await sql<{ ok: boolean }>(
        "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1",
        [`bgsync:${schema.name}:store`],
      );
      expect(killed.length).toBeGreaterThan(0);
      const saves = await Promise.all(
        ["b", "c"].map((id) => store.save({ job: job(id), expectedVersion: 0 })),
      );
      expect(saves).toEqual([{ seq: null }, { seq: null }]);
      expect((await store.listJobs({ limit: 10 })).map((j) => j.id).sort()).toEqual(["a", "b", "c"]);
    } finally {
      await store.close();
    }
  });

  it("keeps schemas apart: one deployment's jobs are not another's", async () => {
    const [one, two] = await Promise.all([openPgStore(fresh().storeUrl), openPgStore(fresh().storeUrl)]);
    try {
      await one.save({ job: job("a"), expectedVersion: 0 });
      expect(await two.getJob("a")).toBeUndefined();
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});
