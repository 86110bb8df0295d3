import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

/**
 * A consistent copy of a live SQLite store, taken with SQLite's online backup API (through
 * better-sqlite3): the API keeps writing while pages are copied, and the copy is the database as
 * of one moment. Restore = stop the API, put the copy in place of the file, delete its -wal and
 * -shm files, start the API.
 */
export async function backupSqlite(storeUrl: string, destination: string): Promise<{ pages: number }> {
  const path = storeUrl.replace(/^sqlite:/, "");
  if (!storeUrl.startsWith("sqlite:") || path === ":memory:")
    throw new Error(`STORE_URL=${storeUrl}: only a SQLite file store can be backed up this way`);
  if (!existsSync(path)) throw new Error(`${path} does not exist: nothing to back up`);
  if (existsSync(destination)) throw new Error(`${destination} exists: choose a new file`);
  mkdirSync(dirname(destination), { recursive: true });
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const { totalPages } = await db.backup(destination);
    return { pages: totalPages };
  } finally {
    db.close();
  }
}
