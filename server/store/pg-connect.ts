import pg from "pg";
import { ConfigError } from "../config";

/**
 * Connecting to PostgreSQL from a STORE_URL: `postgres://user@host:port/db`, with an optional
 * `?schema=name` (default `bgsync`) so several deployments, or parallel test runs, share a database.
 */

export interface PgTarget {
  /** The connection string without our own `schema` parameter. */
  connectionString: string;
  schema: string;
  /** host:port/db, for messages (never the password). */
  where: string;
}

export function parsePgUrl(storeUrl: string): PgTarget {
  const url = new URL(storeUrl);
  const schema = url.searchParams.get("schema") ?? "bgsync";
  url.searchParams.delete("schema");
  if (!/^[a-z_][a-z0-9_]{0,47}$/.test(schema))
    throw new ConfigError([`STORE_URL: schema "${schema}" must be lower-case letters, digits and _`]);
  const where = `${url.hostname}:${url.port || 5432}${url.pathname}`;
  return { connectionString: url.toString(), schema, where };
}

const INT8 = 20;
/** Timestamps and sequence numbers are BIGINT; every value we store fits a JavaScript number. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === INT8 && format !== "binary") return Number;
    return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
  }) as pg.CustomTypesConfig["getTypeParser"],
};

/** Connection settings every pool and listener of one store uses. */
export function clientConfig(target: PgTarget, role: string): pg.ClientConfig {
  return {
    connectionString: target.connectionString,
    // Named per schema, so operators (and tests) can tell this store's sessions apart.
    application_name: `bgsync:${target.schema}:${role}`,
    options: `-c search_path=${target.schema}`,
    connectionTimeoutMillis: 5_000,
    types,
  };
}

/** `waitMs`: how long a caller may wait for a connection, the pool being full or the server slow. */
export function createPool(
  target: PgTarget,
  role: string,
  o: { max: number; waitMs?: number; onError: (e: Error) => void },
) {
  const { onError } = o;
  const pool = new pg.Pool({
    ...clientConfig(target, role),
    max: o.max,
    idleTimeoutMillis: 30_000,
    ...(o.waitMs ? { connectionTimeoutMillis: o.waitMs } : {}),
  });
  // A client whose backend went away (restart, pg_terminate_backend) emits "error", idle or checked
  // out; unheard, that would crash the process. Its next query fails and callers replay or report.
  pool.on("error", onError);
  pool.on("connect", (client) => client.on("error", onError));
  return pool;
}

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
]);
/**
 * Whether the connection, not the statement, failed: the server closed the session (57P01
 * admin_shutdown, 57P02/57P03), or the socket broke. Such a statement may be retried on another
 * connection when no COMMIT was in flight.
 */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  if (e?.code && (CONNECTION_CODES.has(e.code) || e.code.startsWith("57P") || e.code.startsWith("08")))
    return true;
  return /Connection terminated|Client has encountered a connection error|not queryable|timeout exceeded when trying to connect/i.test(
    e?.message ?? "",
  );
}

/** A statement that may safely run twice: tried once more on another connection if its own broke. */
export async function queryTwice<R extends pg.QueryResultRow>(
  pool: pg.Pool,
  sql: string,
  params: unknown[] = [],
): Promise<pg.QueryResult<R>> {
  try {
    return await pool.query<R>(sql, params);
  } catch (error) {
    if (!isConnectionError(error)) throw error;
    return pool.query<R>(sql, params);
  }
}

/** A start-up failure to reach or use the database, as a configuration problem: no stack trace. */
export function unreachable(target: PgTarget, error: unknown): ConfigError {
  const e = error as { code?: string; message?: string };
  const reason = [e.code, e.message].filter(Boolean).join(": ");
  return new ConfigError([
    `STORE_URL: cannot use PostgreSQL at ${target.where} (${reason || String(error)})`,
  ]);
}
