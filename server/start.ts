import type { AddressInfo } from "node:net";
import type { HttpBindings } from "@hono/node-server";
import { createApp } from "./app";
import { createHttpServer } from "./http-server";
import { systemClock, type Clock } from "./clock";
import type { Config } from "./config";
import type { DataverseClient } from "./dataverse/client";
import { createDataverseFromConfig } from "./dataverse/create";
import { createReconciler } from "./jobs/reconciler";
import { createRetention } from "./lifecycle/retention";
import { createLogger, type Logger } from "./logger";
import { createMetrics } from "./metrics";
import { createDeliverer } from "./notify/deliverer";
import { createScheduleTicker } from "./schedules/ticker";
import { createServices } from "./services";
import { coordinationFor } from "./coordination/pg-coordination";
import { openStore } from "./store/open-store";
import type { Store } from "./store/store";

/** What tests bring instead of the configured store, Dataverse client, logger and time. */
export interface ServerOverrides {
  store?: Store;
  dataverse?: DataverseClient;
  logger?: Logger;
  /** A clock the test moves (the notification retry schedule spans hours). */
  clock?: Clock;
  /** How notifications reach receivers; the global fetch by default. */
  notifyFetch?: typeof fetch;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 10_000;

/** Starts the API and its reconciler. With PORT=0 the OS picks the port and `url` reports it. */
export async function startServer(config: Config, overrides: ServerOverrides = {}): Promise<RunningServer> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? systemClock;
  const metrics = createMetrics();
  const store =
    overrides.store ??
    (await openStore(config.storeUrl, {
      onCommit: metrics.observeCommit,
      poolSize: config.storePoolSize,
      onError: (error) => logger.warn({ err: error }, "a PostgreSQL connection failed"),
    }));
  const coordination = coordinationFor(store, {
    leaseMs: config.reconciler.pollFloorSeconds * 1000,
    lockPoolSize: config.storePoolSize,
    logger,
  });
  const dataverse =
    overrides.dataverse ?? createDataverseFromConfig(config, { onCall: metrics.observeDataverseCall });

  let handler: (req: Request, env: HttpBindings) => Response | Promise<Response> = () =>
    new Response(null, { status: 503 });
  const server = createHttpServer((req, env) => handler(req, env), { hostname: config.host, logger });
  server.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    if (server.listening) return resolve();
    server.once("listening", resolve).once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  // Callback URLs must name the real port when the OS picked it (PORT=0 in tests).
  const publicBaseUrl =
    config.port === 0 ? config.publicBaseUrl.replace(/:0$/, `:${port}`) : config.publicBaseUrl;
  const effective = { ...config, port, publicBaseUrl };

  const deps = { config: effective, store, dataverse, clock, logger, metrics };
  const services = createServices({ ...deps, coordination });
  const app = createApp({ ...deps, services });
  handler = (req, env) => app.fetch(req, env);
  const reconciler = createReconciler({
    store,
    engine: services.engine,
    clock,
    logger,
    tickMs: config.reconciler.tickMs,
    claimDue: coordination.claimDue,
  });
  reconciler.start();
  const deliverer = createDeliverer({
    store,
    notify: config.notify,
    clock,
    logger,
    onOutcome: metrics.observeNotification,
    fetch: overrides.notifyFetch,
  });
  deliverer.start();
  const retention = createRetention({
    store,
    clock,
    logger,
    policy: config.retention,
    withLock: coordination.withLock,
  });
  retention.start();
  const schedules = createScheduleTicker({
    store,
    clock,
    logger,
    run: services.runSchedule,
    tickMs: config.schedules.tickMs,
  });
  schedules.start();
  services.onNotificationsSaved(() => deliverer.wake());
  logger.info({ url: `http://${host}:${port}` }, "companion API listening");

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      (closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        await reconciler.stop();
        await deliverer.stop();
        await retention.stop();
        await schedules.stop();
        await services.progress.flush();
        services.progress.close();
        services.hub.closeAll();
        if ("closeIdleConnections" in server) server.closeIdleConnections();
        const force = setTimeout(
          () => "closeAllConnections" in server && server.closeAllConnections(),
          SHUTDOWN_GRACE_MS,
        );
        await closed;
        clearTimeout(force);
        await coordination.close();
        if (!overrides.store) await store.close();
      })()),
  };
}
