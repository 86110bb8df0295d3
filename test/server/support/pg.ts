import { randomBytes } from "node:crypto";
import pg from "pg";

/** The machine's PostgreSQL (trust auth), where the PostgreSQL tests run, each in a schema of its own. */
export const PG_URL = "postgres://postgres@127.0.0.1:5432/test";

/**
 * Why the PostgreSQL tests cannot run here, or undefined when they can. In CI (CI=true) they always
 * run: a missing PostgreSQL fails them there instead of skipping them.
 */
export async function pgSkipReason(): Promise<string | undefined> {
  if (process.env.CI === "true") return undefined;
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return `PostgreSQL not reachable at ${PG_URL} (${(error as Error).message}); PostgreSQL tests skipped`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A fresh schema name, so parallel runs never meet; `drop` removes it and everything in it. */
export function pgSchema() {
  const name = `t_${randomBytes(6).toString("hex")}`;
  return {
    name,
    storeUrl: `${PG_URL}?schema=${name}`,
    drop: () => sql(`DROP SCHEMA IF EXISTS ${name} CASCADE`),
  };
}

/** One statement on a connection of its own (not the API's). */
export async function sql<R extends pg.QueryResultRow = Record<string, unknown>>(
  text: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: PG_URL });
  client.on("error", () => undefined);
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}
