import { startEmulator } from "./index";

/**
 * `npx tsx emulator/main.ts [--port 7071]`: the emulator on 127.0.0.1 in demo mode. The demo plug-in
 * budget is short so a sync of the seeded accounts visibly chains a few operations.
 */
const portArg = process.argv.indexOf("--port");
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 7071;

try {
  const emulator = await startEmulator({
    port,
    mode: "demo",
    plugin: { msPerRecord: 4, timeBudgetMs: 4_000 },
  });
  console.log(`Dataverse emulator listening on ${emulator.url} (form host: ${emulator.url}/)`);
  const shutdown = () => void emulator.close().then(() => process.exit(0));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
} catch (error) {
  console.error(`The emulator could not start on port ${port}: ${(error as Error).message}`);
  process.exit(1);
}
