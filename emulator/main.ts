import { DEMO_PLUGIN_TIMING, startEmulator } from "./index";

/**
 * `npx tsx emulator/main.ts [--port 7071]`: the emulator alone on 127.0.0.1 in demo mode.
 */
const portArg = process.argv.indexOf("--port");
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 7071;

try {
  const emulator = await startEmulator({
    port,
    mode: "demo",
    plugin: DEMO_PLUGIN_TIMING,
  });
  console.log(`Dataverse emulator listening on ${emulator.url} (form host: ${emulator.url}/)`);
  const shutdown = () => void emulator.close().then(() => process.exit(0));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
} catch (error) {
  console.error(`The emulator could not start on port ${port}: ${(error as Error).message}`);
  process.exit(1);
}
