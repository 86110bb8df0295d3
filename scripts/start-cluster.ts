import { loadConfig } from "../server/config";
import { startServer } from "../server/start";
import { ensureControlBuilt } from "./ensure-build";
import { demoApiEnv, startDemo } from "./demo";

// `npm run start:cluster [STORE_URL]`: the demo with two API instances on one PostgreSQL (default:
// the local one, schema bgsync_cluster). The form talks to instance A (7072), while A signs every
// callback URL with instance B's address (7073): Dataverse's callbacks drive the job on B, and the
// form on A still shows every step, through the database (LISTEN/NOTIFY) alone.
const storeUrl = process.argv[2] ?? "postgres://postgres@127.0.0.1:5432/test?schema=bgsync_cluster";
const A_PORT = 7072;
const B_PORT = 7073;

await ensureControlBuilt();
const demo = await startDemo({
  apiPort: A_PORT,
  storeUrl,
  env: { PUBLIC_BASE_URL: `http://127.0.0.1:${B_PORT}` },
});
const b = await startServer(
  loadConfig({ ...demoApiEnv(demo.emulator, storeUrl), PORT: String(B_PORT), AUTH_MODE: "none" }),
).catch(async (error: unknown) => {
  await demo.close();
  throw error;
});
console.log(`Background Sync cluster demo (two API instances on ${storeUrl.replace(/\?.*$/, "")})
  form (open this):  ${demo.formUrl}
  instance A:        ${demo.apiUrl}   (the form's API)
  instance B:        ${b.url}   (receives every Dataverse callback)
  Dataverse emulator ${demo.emulator.url}   (callback log: ${demo.emulator.url}/_emulator/callbacks)
Press Ctrl+C to stop.`);

const stop = (): void => {
  Promise.all([b.close(), demo.close()]).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
