import { ensureControlBuilt } from "./ensure-build";
import { startDemo } from "./demo";

// `npm start`: the demo on embedded defaults (emulator, SQLite file under data/), no configuration.
await ensureControlBuilt();
const demo = await startDemo();
console.log(`Background Sync demo
  form (open this):  ${demo.formUrl}
  companion API:     ${demo.apiUrl}   (docs at ${demo.apiUrl}/docs)
  Dataverse emulator ${demo.emulator.url}
  flow runs:         ${demo.emulator.url}/_emulator/flows/runs   (what the "flow" heard when a sync ended)
Press Ctrl+C to stop.`);

const stop = (): void => {
  demo.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
