import { serve } from "@hono/node-server";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { createEmulatorApp } from "./app";
import { createClock } from "./clock";
import type { EmulatorContext } from "./context";
import { createCounters } from "./admin/counters";
import { createFaults } from "./admin/faults";
import { createAccountStore, type Account } from "./seed/accounts";
import { createCallbackSender } from "./engine/callbacks";
import { createOperationQueue } from "./engine/operation-queue";
import { createOperationStore } from "./engine/operation-store";
import { runPlugin } from "./engine/run-plugin";
import { createErpStore } from "./erp/erp-store";
import { createFlowRuns } from "./flow/flow-trigger";
import { processSigningKeys } from "./identity/keys";
import { createGrants } from "./identity/grants";
import { createSessionStore } from "./identity/session";
import { resolveOptions, type EmulatorOptions, type ResolvedOptions } from "./options";
import { fromRepo } from "./static/static-files";
import { loadOrCreateTls, type TlsMaterial } from "./tls/local-ca";
import { createServiceProtection } from "./throttle/service-protection";
import { DEMO_FLOW, EMULATOR_TENANT_ID } from "./identities";

export type { EmulatorOptions, ServiceProtectionLimits } from "./options";
export { DEMO_PLUGIN_TIMING } from "./options";
export * from "./identities";

export interface RunningEmulator {
  /** Base URL = Dataverse org URL, e.g. http://127.0.0.1:54321 (real port even with port 0). */
  url: string;
  /** The Web API root: `${url}/api/data/v9.2`. */
  webApiUrl: string;
  /** The Entra-shaped authority for the emulator tenant: `${url}/${EMULATOR_TENANT_ID}`. */
  authority: string;
  /**
   * The same authority on another site than the form (localhost when the form is on 127.0.0.1), as
   * login.microsoftonline.com is to a Dynamics org: what the control's MSAL is configured with.
   */
  signInAuthority: string;
  /** With `https`: the local CA's certificate (PEM) that clients must trust; null when given a cert. */
  caCertificate: string | null;
  /** The fake ERP's endpoint, a ready ExternalSystemUrl: `${url}/erp/v1/customers`. */
  erpUrl: string;
  /** The demo flow's HTTP trigger URL (with its `sig`), a ready receiver for the API's notifications. */
  flowTriggerUrl: string;
  /** The seeded accounts, in key order. */
  accounts: readonly Account[];
  /** Resolves when no background operation is waiting or running. */
  idle(): Promise<void>;
  /**
   * Sets the control's input parameters on the form page, as a maker configures them. Separate
   * from the options because a demo on port 0 learns the companion API's URL only after both listen.
   */
  setFormParameters(parameters: Record<string, string>): void;
  close(): Promise<void>;
}

function buildContext(options: EmulatorOptions | undefined, keys: EmulatorContext["keys"]): EmulatorContext {
  const resolved = resolveOptions(options);
  const clock = createClock(resolved.timeScale);
  const faults = createFaults();
  const operations = createOperationStore();
  const callbacks = createCallbackSender(clock, faults);
  const accounts = createAccountStore(resolved.accountCount);
  const base = { url: "" };
  const queue = createOperationQueue({
    clock,
    store: operations,
    callbacks,
    workers: resolved.workers,
    maxRetries: resolved.engine.maxRetries,
    backoffBaseMs: resolved.engine.backoffBaseMs,
    run: (op) => runPlugin({ clock, faults, accounts, options: resolved, base }, op.name, op.input, op.runAs),
  });
  const ctx: EmulatorContext = {
    options: resolved,
    base,
    clock,
    keys,
    sessions: createSessionStore(),
    grants: createGrants(),
    accounts,
    operations,
    queue,
    callbacks,
    erp: createErpStore(),
    flowRuns: createFlowRuns(),
    counters: createCounters(),
    faults,
    throttle: createServiceProtection(resolved.serviceProtection, clock),
  };
  return ctx;
}

async function tlsFor(options: ResolvedOptions): Promise<TlsMaterial | null> {
  if (options.https === false) return null;
  if (options.https === true) return loadOrCreateTls(fromRepo(options.tlsDir));
  return { ...options.https, ca: "" };
}

/** Starts Dataverse-in-a-box on host:port (port 0 = any free port; `url` tells which). */
export async function startEmulator(options?: EmulatorOptions): Promise<RunningEmulator> {
  const ctx = buildContext(options, await processSigningKeys());
  const app = createEmulatorApp(ctx);
  const { host, port } = ctx.options;
  const tls = await tlsFor(ctx.options);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve(
      {
        fetch: app.fetch,
        hostname: host,
        port,
        ...(tls && { createServer: createHttpsServer, serverOptions: { key: tls.key, cert: tls.cert } }),
      },
      () => resolve(s),
    ) as Server;
    s.once("error", reject);
  });
  const address = server.address() as AddressInfo;
  const scheme = tls ? "https" : "http";
  const url = `${scheme}://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
  ctx.base.url = url;
  const signInOrigin = host === "127.0.0.1" ? `${scheme}://localhost:${address.port}` : url;
  return {
    url,
    webApiUrl: `${url}/api/data/v9.2`,
    authority: `${url}/${EMULATOR_TENANT_ID}`,
    signInAuthority: `${signInOrigin}/${EMULATOR_TENANT_ID}`,
    caCertificate: tls?.ca || null,
    erpUrl: `${url}/erp/v1/customers`,
    flowTriggerUrl: `${url}/workflows/${DEMO_FLOW.name}/triggers/manual/paths/invoke?api-version=2016-06-01&sig=${DEMO_FLOW.sig}`,
    accounts: ctx.accounts.all,
    idle: () => ctx.queue.idle(),
    setFormParameters: (parameters) => {
      ctx.options.formHostParameters = { ...parameters };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        ctx.queue.stop();
        ctx.callbacks.reset();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
