import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import {
  EMULATOR_TENANT_ID,
  SERVER_APP,
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from "../../emulator/index";

export const SYNC_API = "sample_SyncRecordsToExternalSystem";
const HOUR = 3_600_000;

/**
 * An emulator on an ephemeral port, fast by default, plus an application-user token for it. A run's
 * time budget and the sandbox limit are an emulated hour unless a test sets them: at timeScale 0.01
 * the defaults are under a real second, which a busy machine can spend on a few batches.
 */
export async function startTestEmulator(options: EmulatorOptions = {}) {
  const emu = await startEmulator({
    port: 0,
    accountCount: 300,
    timeScale: 0.01,
    ...options,
    plugin: { timeBudgetMs: HOUR, ...options.plugin },
    engine: { executionLimitMs: HOUR, ...options.engine },
  });
  const token = await appToken(emu);
  return { emu, token, api: dataverseClient(emu, token) };
}

export async function appToken(emu: RunningEmulator): Promise<string> {
  const res = await fetch(`${emu.authority}/oauth2/v2.0/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: SERVER_APP.clientId,
      client_secret: SERVER_APP.clientSecret,
      scope: `${emu.url}/.default`,
    }),
  });
  if (!res.ok) throw new Error(`token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export type DataverseClient = ReturnType<typeof dataverseClient>;

/** fetch with the bearer token; paths starting with "/" are relative to the emulator's base URL. */
export function dataverseClient(emu: RunningEmulator, token: string) {
  const call = (path: string, init: RequestInit = {}) =>
    fetch(path.startsWith("http") ? path : `${emu.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
    });
  return {
    call,
    json: async <T = Record<string, unknown>>(path: string, init?: RequestInit) =>
      (await (await call(path, init)).json()) as T,
    start: (body: Record<string, unknown>, prefer?: string, headers: Record<string, string> = {}) =>
      call(`/api/data/v9.2/${SYNC_API}`, {
        method: "POST",
        body: JSON.stringify(body),
        headers: { ...(prefer ? { prefer } : {}), ...headers },
      }),
  };
}

export const syncInput = (emu: RunningEmulator, extra: Record<string, unknown> = {}) => ({
  EntityName: "account",
  SyncMode: "Full",
  ExternalSystemUrl: emu.erpUrl,
  ...extra,
});

export interface StatusBody extends Record<string, unknown> {
  backgroundOperationStateCode: number;
  backgroundOperationStatusCode: number;
}

/** Polls the status monitor until the operation is terminal (statecode 3). */
export async function waitForTerminal(api: DataverseClient, location: string): Promise<StatusBody> {
  let body: StatusBody | undefined;
  for (let i = 0; i < 1000; i++) {
    body = await api.json<StatusBody>(location);
    if (body.backgroundOperationStateCode === 3) return body;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`operation ${location} never ended; last status: ${JSON.stringify(body)}`);
}

/** Polls until `predicate` holds (no timing assertions: only an upper bound to fail a hung test). */
export async function eventually<T>(read: () => Promise<T>, predicate: (value: T) => boolean): Promise<T> {
  let value: T | undefined;
  for (let i = 0; i < 2000; i++) {
    value = await read();
    if (predicate(value)) return value;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`condition never met; last value: ${JSON.stringify(value)}`);
}

/** Arms faults through the admin API (holds and releases included) and answers what is armed. */
export async function armFaults(emu: RunningEmulator, body: unknown): Promise<ArmedFaults> {
  const res = await fetch(`${emu.url}/_emulator/faults`, { method: "POST", body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`faults: ${res.status} ${await res.text()}`);
  return (await res.json()) as ArmedFaults;
}

interface ArmedFaults {
  plugin: { hold: boolean; held: number };
  erp: { hold: boolean; held: number };
}

/** Waits until `count` plug-in runs (or ERP requests) wait at their held gate: surely "still running". */
export const heldAt = (emu: RunningEmulator, gate: "plugin" | "erp", count = 1) =>
  eventually(
    async () => ((await (await fetch(`${emu.url}/_emulator/faults`)).json()) as ArmedFaults)[gate].held,
    (held) => held >= count,
  );

export interface ReceivedCallback {
  headers: IncomingMessage["headers"];
  url: string;
  body: Record<string, unknown>;
}

/** A loopback HTTP server standing in for the companion API's callback endpoint. */
export async function startCallbackReceiver(status = 200) {
  const received: ReceivedCallback[] = [];
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString()));
    req.on("end", () => {
      received.push({
        headers: req.headers,
        url: req.url ?? "",
        body: JSON.parse(text) as Record<string, unknown>,
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    waitFor: (n: number) =>
      eventually(
        () => Promise.resolve(received.length),
        (count) => count >= n,
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const tenantId = EMULATOR_TENANT_ID;
