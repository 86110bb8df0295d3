import type { JWTVerifyGetKey } from "jose";
import { createApp } from "../../../server/app";
import { loadConfig, type Config } from "../../../server/config";
import { createLogger, type Logger } from "../../../server/logger";
import { createMetrics } from "../../../server/metrics";
import { createServices } from "../../../server/services";
import { createSqliteStore } from "../../../server/store/sqlite-store";
import { createFakeDataverse } from "./fake-dataverse";

export const ALEX = { objectId: "2c4e6a8b-1d3f-4a5b-8c7d-0e1f2a3b4c5d", name: "Alex Wilber" };
export const ACCOUNT_ID = "11111111-2222-4333-8444-555555555555";

export const validInput = {
  customApi: "sample_SyncRecordsToExternalSystem",
  parameters: {
    EntityName: "account",
    SyncMode: "Full",
    ExternalSystemUrl: "http://127.0.0.1:7071/erp/v1/customers",
  },
  target: { entity: "account", id: ACCOUNT_ID },
};

export function fakeClock(start = Date.parse("2026-01-01T00:00:00Z")) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    PORT: "0",
    STORE_URL: "sqlite::memory:",
    AUTH_MODE: "none",
    LOG_LEVEL: "silent",
    ...env,
  });
}

/** The API over fakes: an in-memory store, a fake Dataverse and a clock the test moves. */
export function createHarness(
  env: Record<string, string> = {},
  options: { jwks?: JWTVerifyGetKey; logger?: Logger } = {},
) {
  const config = testConfig(env);
  const store = createSqliteStore("sqlite::memory:");
  const dataverse = createFakeDataverse();
  const clock = fakeClock();
  const logger = options.logger ?? createLogger("silent");
  const metrics = createMetrics();
  const services = createServices({ config, store, dataverse, clock, logger, metrics });
  const app = createApp({ config, store, dataverse, clock, logger, metrics, services, jwks: options.jwks });

  const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });
  const post = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  /** Dataverse's callback for the n-th started operation (1-based), as Dataverse would send it. */
  const callback = (n: number) => {
    const start = dataverse.starts[n - 1];
    if (!start) throw new Error(`operation ${n} was not started`);
    const url = new URL(start.callbackUrl);
    return app.request(url.pathname + url.search, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        backgroundOperationId: start.backgroundOperationId,
        backgroundOperationStateCode: 3,
      }),
    });
  };
  return {
    config,
    store,
    dataverse,
    clock,
    services,
    app,
    get,
    post,
    callback,
    close: () => {
      services.progress.close();
      return store.close();
    },
  };
}
