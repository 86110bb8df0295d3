import {
  DEMO_FLOW,
  DEMO_PLUGIN_TIMING,
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from "../emulator/index";
import { loadConfig } from "../server/config";
import { startServer } from "../server/start";

export interface DemoOptions {
  emulatorPort?: number;
  apiPort?: number;
  /** The API's store; the demo keeps a file, tests pass `sqlite::memory:`. */
  storeUrl?: string;
  emulator?: Omit<EmulatorOptions, "port" | "formHost">;
  /** Extra API settings, as environment variables would give them. */
  env?: Record<string, string>;
}

export interface RunningDemo {
  emulator: RunningEmulator;
  apiUrl: string;
  formUrl: string;
  close(): Promise<void>;
}

/**
 * The whole product on one machine, wired as `npm start` runs it: the emulator stands in for
 * Dataverse and Entra, and hosts the form with the built control; the API runs without user auth
 * because MSAL refuses the plain-HTTP authority a loopback demo has (the API allows that mode on
 * loopback only).
 */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const apiPort = options.apiPort ?? 7072;
  const emulator = await startEmulator({
    plugin: DEMO_PLUGIN_TIMING,
    ...options.emulator,
    port: options.emulatorPort ?? 7071,
    mode: "demo",
  });
  const config = loadConfig({
    PORT: String(apiPort),
    DATAVERSE_URL: emulator.url,
    ALLOWED_ORIGINS: emulator.url,
    ALLOWED_URL_ORIGINS: emulator.url,
    STORE_URL: options.storeUrl ?? "sqlite:data/bgsync.db",
    AUTH_MODE: "none",
    // The emulator's stand-in for a flow's HTTP trigger hears about every finished job, and the
    // demo person may read the outbox (GET /api/notifications).
    NOTIFY_RECEIVERS: JSON.stringify([
      { name: "demo-flow", url: emulator.flowTriggerUrl, secrets: [DEMO_FLOW.secret] },
    ]),
    DEV_USER_ROLES: "BackgroundSync.Admin",
    ...options.env,
  });
  const server = await startServer(config);
  emulator.setFormParameters(formParameters(server.url, emulator.url));
  return {
    emulator,
    apiUrl: server.url,
    formUrl: `${emulator.url}/`,
    async close() {
      await server.close();
      await emulator.close();
    },
  };
}

const formParameters = (apiUrl: string, emulatorUrl: string): Record<string, string> => ({
  apiBaseUrl: apiUrl,
  customApiName: "sample_SyncRecordsToExternalSystem",
  parametersTemplate: JSON.stringify({
    EntityName: "{entityName}",
    SyncMode: "Full",
    ExternalSystemUrl: `${emulatorUrl}/erp/v1/customers`,
  }),
});
