import { createSqliteStore } from "./sqlite-store";
import type { Store } from "./store";

/** Picks the store from STORE_URL: `sqlite:<path>` (or `sqlite::memory:`); PostgreSQL comes later. */
export function openStore(storeUrl: string): Store {
  if (storeUrl.startsWith("sqlite:")) return createSqliteStore(storeUrl);
  throw new Error("STORE_URL: the PostgreSQL store is not implemented yet; use sqlite:<path>");
}
