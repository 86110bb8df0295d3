import { afterAll, describe, expect, it } from "vitest";
import { createPool, parsePgUrl } from "../../server/store/pg-connect";
import { createGroupCommit } from "../../server/store/pg-group-commit";
import { latch } from "./support/latch";
import { pgSchema, pgSkipReason, sql } from "./support/pg";

/** Group commit on PostgreSQL, below the store: what it does when the server rolls a group back. */

const skip = await pgSkipReason();
if (skip) console.warn(skip);

describe.skipIf(skip !== undefined)("PostgreSQL group commit", () => {
  const schema = pgSchema();
  afterAll(() => schema.drop());

  it("replays the group PostgreSQL chose as a deadlock's victim, and both writes land", async () => {
    const table = `${schema.name}.rows`;
    await sql(`CREATE SCHEMA ${schema.name}`);
    await sql(`CREATE TABLE ${table} (id int PRIMARY KEY, v text)`);
    await sql(`INSERT INTO ${table} VALUES (1, ''), (2, '')`);
    const pool = createPool(parsePgUrl(schema.storeUrl), "store", { max: 2, onError: () => undefined });
    const group = createGroupCommit(pool, { maxGroups: 2 });
    const set = `UPDATE ${table} SET v = $2 WHERE id = $1`;
    // Two groups take the two rows in opposite order; each waits until the other holds its first.
    const holds = [latch(), latch()];
    let runs = 0;
    const crossing = (first: 1 | 2, name: string) =>
      group.write(async (c) => {
        runs++;
        await c.query(set, [first, name]);
        holds[first - 1]!.open();
        await holds[2 - first]!.opened;
        await c.query(set, [3 - first, name]);
        return name;
      });
    try {
      const a = crossing(1, "a");
      await holds[0]!.opened;
      const b = crossing(2, "b");
      await expect(Promise.all([a, b])).resolves.toEqual(["a", "b"]);
      expect(runs).toBe(3);
      const rows = await sql<{ v: string }>(`SELECT v FROM ${table} ORDER BY id`);
      // The replayed group committed last, so it wrote both rows.
      expect(new Set(rows.map((r) => r.v)).size).toBe(1);
    } finally {
      await group.close();
      await pool.end();
    }
  });
});
