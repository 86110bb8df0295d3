import { join } from "node:path";
import { fromRepo } from "../emulator/static/static-files";
import { loadOrCreateTls } from "../emulator/tls/local-ca";
import { ensureControlBuilt } from "./ensure-build";
import { startDemo } from "./demo";
import { restartTrusting } from "./local-ca-trust";

// `npm start`: the demo on embedded defaults (emulator, SQLite file under data/), no configuration.
// `npm run start:secure` (--secure): the same over HTTPS with the real sign-in path (MSAL, Entra
// emulated, AUTH_MODE=entra), its local CA kept in data/tls/.
const secure = process.argv.includes("--secure");
const tlsDir = fromRepo("data/tls");
if (secure) await loadOrCreateTls(tlsDir);
if (!secure || !restartTrusting(join(tlsDir, "ca.pem"))) {
  await ensureControlBuilt();
  const demo = await startDemo({ secure });
  const signInPage = `${demo.emulator.signInAuthority}/login`;
  console.log(`Background Sync demo${secure ? " (HTTPS, real sign-in)" : ""}
  form (open this):  ${demo.formUrl}
  companion API:     ${demo.apiUrl}   (docs at ${demo.apiUrl}/docs)
  Dataverse emulator ${demo.emulator.url}${
    secure
      ? `
  sign-in (Entra):   ${signInPage}   (sign in here first to act as a person already signed in)
  local CA:          ${join(tlsDir, "ca.pem")}   (trust it in your browser, see README)`
      : ""
  }
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
}
