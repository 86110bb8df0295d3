import { ConfigError, loadConfig } from "../server/config";
import { backupSqlite } from "../server/store/sqlite-backup";

// `npm run backup -- <file>`: an online copy of the store STORE_URL names (the API may keep running).
// PostgreSQL is backed up with its own tools (docs/data-lifecycle.md).
const destination = process.argv[2];
try {
  if (!destination) throw new Error("usage: npm run backup -- <destination file>");
  const { storeUrl } = loadConfig(process.env);
  const { pages } = await backupSqlite(storeUrl, destination);
  console.log(`backed up ${storeUrl} to ${destination} (${pages} pages)`);
} catch (error) {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
