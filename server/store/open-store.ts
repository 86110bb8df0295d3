import { openPgStore, type PgStoreOptions } from "./pg-store";
import { createSqliteStore } from "./sqlite-store";
import type { Store } from "./store";

/**
 * Picks the store from STORE_URL: `sqlite:<path>` (or `sqlite::memory:`), or
 * `postgres://user@host:port/db[?schema=name]`, whose schema is migrated before this resolves.
 */
export async function openStore(storeUrl: string, options: PgStoreOptions = {}): Promise<Store> {
  if (storeUrl.startsWith("sqlite:")) return createSqliteStore(storeUrl, options);
  return openPgStore(storeUrl, options);
}
