import { createSqliteStore } from "./sqlite-store";
import type { Store } from "./store";

/** Picks the store from STORE_URL: `sqlite:<path>` (or `sqlite::memory:`); PostgreSQL comes later. */
export function openStore(storeUrl: string, options: { onCommit?: (saves: number) => void } = {}): Store {
  if (storeUrl.startsWith("sqlite:")) return createSqliteStore(storeUrl, options);
  throw new Error("STORE_URL: the PostgreSQL store is not implemented yet; use sqlite:<path>");
}
