import {
  COMPANION_API_APP,
  CONTROL_APP,
  DEMO_FLOW,
  DEMO_PLUGIN_TIMING,
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from "../emulator/index";
import { loadConfig } from "../server/config";
import { startServer } from "../server/start";
import { assertCaTrusted } from "./local-ca-trust";

export interface DemoOptions {
  emulatorPort?: number;
  apiPort?: number;
  /** The API's store; the demo keeps a file, tests pass `sqlite::memory:`. */
  storeUrl?: string;
  emulator?: Omit<EmulatorOptions, "port" | "formHost" | "https">;
  /** Extra API settings, as environment variables would give them. */
  env?: Record<string, string>;
  /**
   * The real sign-in path: the emulator on HTTPS as Entra ID too, the API with AUTH_MODE=entra and
   * the control configured with MSAL. This process must trust the emulator's local CA
   * (NODE_EXTRA_CA_CERTS), since the API fetches the signing keys and calls Dataverse over HTTPS.
   */
  secure?: boolean;
}

export interface RunningDemo {
  emulator: RunningEmulator;
  apiUrl: string;
  formUrl: string;
  close(): Promise<void>;
}

/**
 * The whole product on one machine, wired as `npm start` runs it: the emulator stands in for
 * Dataverse and Entra, and hosts the form with the built control. By default the API runs without
 * user auth, because MSAL refuses the plain-HTTP authority a loopback demo has (the API allows that
 * mode on loopback only); `secure` runs the real sign-in path over HTTPS.
 */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const apiPort = options.apiPort ?? 7072;
  const secure = options.secure === true;
  const emulator = await startEmulator({
    plugin: DEMO_PLUGIN_TIMING,
    ...options.emulator,
    port: options.emulatorPort ?? 7071,
    mode: "demo",
    https: secure,
  });
  try {
    if (secure) await assertCaTrusted(emulator);
    const config = loadConfig({
      PORT: String(apiPort),
      ...demoApiEnv(emulator, options.storeUrl ?? "sqlite:data/bgsync.db"),
      // v2 access tokens name the API's client id as audience; issuer and keys follow DATAVERSE_URL.
      ...(secure ? { AUTH_MODE: "entra", AUTH_AUDIENCE: COMPANION_API_APP.clientId } : { AUTH_MODE: "none" }),
      ...options.env,
    });
    const server = await startServer(config);
    emulator.setFormParameters({
      ...formParameters(server.url),
      ...(secure ? signInParameters(emulator) : {}),
    });
    return {
      emulator,
      apiUrl: server.url,
      formUrl: `${emulator.url}/`,
      async close() {
        await server.close();
        await emulator.close();
      },
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}

/** The demo API's settings beside its port and sign-in mode; every instance of a cluster shares them. */
export const demoApiEnv = (emulator: RunningEmulator, storeUrl: string): Record<string, string> => ({
  DATAVERSE_URL: emulator.url,
  ALLOWED_ORIGINS: emulator.url,
  ALLOWED_URL_ORIGINS: emulator.url,
  STORE_URL: storeUrl,
  // The emulator's stand-in for a flow's HTTP trigger hears about every finished job, and the
  // demo person may read the outbox (GET /api/notifications).
  NOTIFY_RECEIVERS: JSON.stringify([
    { name: "demo-flow", url: emulator.flowTriggerUrl, secrets: [DEMO_FLOW.secret] },
  ]),
  DEV_USER_ROLES: "BackgroundSync.Admin",
});

/**
 * The demo shows a long, chained sync, so its button syncs the whole table and says so ("Sync all
 * records"); the ERP address comes from the emulated environment variable, as in a real install.
 */
const formParameters = (apiUrl: string): Record<string, string> => ({
  apiBaseUrl: apiUrl,
  scope: "table",
  parametersTemplate: JSON.stringify({ EntityName: "{entityName}", SyncMode: "Full" }),
});

/** What a maker types into the control's properties for their tenant, here for the emulator's. */
const signInParameters = (emulator: RunningEmulator): Record<string, string> => ({
  clientId: CONTROL_APP.clientId,
  authority: emulator.signInAuthority,
  apiScope: `${COMPANION_API_APP.identifierUri}/${COMPANION_API_APP.scopes[0]}`,
  redirectUri: `${emulator.url}${CONTROL_APP.redirectPath}`,
});
