/** What `startEmulator` accepts; every field is optional and has a Dataverse-like default. */
export interface EmulatorOptions {
  /** Default 7071; tests pass 0 and read the real port from `RunningEmulator.url`. */
  port?: number;
  host?: string;
  /** The `/_emulator` admin API exists only in test and demo mode. Default "test". */
  mode?: "test" | "demo" | "strict";
  /** Seeded accounts, default 3000, deterministic. */
  accountCount?: number;
  /** 1 = real time; 0.01 = every emulated duration 100x shorter. */
  timeScale?: number;
  /** Background-operation workers, default 2: more operations than workers wait in 0/0. */
  workers?: number;
  /** The built control (bundle.js, ControlManifest.xml, strings), default "out/controls". */
  controlDir?: string;
  /** The form host's folder, default "emulator/form-host". */
  formHostDir?: string;
  formHost?: { parameters: Record<string, string> };
  plugin?: {
    /** Emulated work per record sent (ERP latency and serialization), default 2 ms. */
    msPerRecord?: number;
    /** The plug-in stops taking new batches after this much emulated time, default 90 s. */
    timeBudgetMs?: number;
    /** Rows per ERP request when the caller sends no BatchSize, default 100. */
    defaultBatchSize?: number;
  };
  engine?: {
    /** Dataverse's sandbox limit, default 120 000 ms (emulated). */
    executionLimitMs?: number;
    /** Retries after a failed run, default 3 (so up to 4 runs). */
    maxRetries?: number;
    /** First retry delay; doubles each retry. Default 10 000 ms (emulated). */
    backoffBaseMs?: number;
  };
  /** Service protection limits per user; `false` disables them. */
  serviceProtection?: Partial<ServiceProtectionLimits> | false;
  /**
   * HTTPS instead of plain HTTP: `true` uses a local CA and server certificate for 127.0.0.1 and
   * localhost, created under `tlsDir` on first start and kept; or give your own PEM key and cert.
   */
  https?: boolean | { key: string; cert: string };
  /** Where the generated CA and certificate live, default "data/tls". */
  tlsDir?: string;
  identity?: {
    /** Lifetime of people's access tokens from sign-in and refresh, default 3599 s. */
    accessTokenLifetimeSeconds?: number;
    /** SPA redirect URIs of the control's app besides `{url}/WebResources/sample_/bgsync/authredirect.html`. */
    redirectUris?: string[];
  };
}

export interface ServiceProtectionLimits {
  /** Requests per user in the sliding window, default 6000. */
  requests: number;
  /** Combined execution time per user in the window, default 20 minutes (emulated). */
  executionTimeMs: number;
  /** Sliding window, default 5 minutes (emulated). */
  windowMs: number;
  /** Concurrent requests per user, default 52. */
  concurrent: number;
}

/**
 * Plug-in timing for demos: a short time budget, so a sync of the seeded accounts visibly chains a
 * few operations instead of finishing in one.
 */
export const DEMO_PLUGIN_TIMING = { msPerRecord: 4, timeBudgetMs: 4_000 } as const;

export interface ResolvedOptions {
  port: number;
  host: string;
  mode: "test" | "demo" | "strict";
  accountCount: number;
  timeScale: number;
  workers: number;
  controlDir: string;
  formHostDir: string;
  formHostParameters: Record<string, string>;
  plugin: { msPerRecord: number; timeBudgetMs: number; defaultBatchSize: number };
  engine: { executionLimitMs: number; maxRetries: number; backoffBaseMs: number };
  serviceProtection: ServiceProtectionLimits | false;
  https: boolean | { key: string; cert: string };
  tlsDir: string;
  identity: { accessTokenLifetimeSeconds: number; redirectUris: string[] };
}

export const DEFAULT_SERVICE_PROTECTION: ServiceProtectionLimits = {
  requests: 6000,
  executionTimeMs: 20 * 60_000,
  windowMs: 5 * 60_000,
  concurrent: 52,
};

export function resolveOptions(o: EmulatorOptions = {}): ResolvedOptions {
  return {
    port: o.port ?? 7071,
    host: o.host ?? "127.0.0.1",
    mode: o.mode ?? "test",
    accountCount: o.accountCount ?? 3000,
    timeScale: o.timeScale ?? 1,
    workers: Math.max(1, o.workers ?? 2),
    controlDir: o.controlDir ?? "out/controls",
    formHostDir: o.formHostDir ?? "emulator/form-host",
    formHostParameters: o.formHost?.parameters ?? {},
    plugin: { msPerRecord: 2, timeBudgetMs: 90_000, defaultBatchSize: 100, ...o.plugin },
    engine: { executionLimitMs: 120_000, maxRetries: 3, backoffBaseMs: 10_000, ...o.engine },
    serviceProtection:
      o.serviceProtection === false ? false : { ...DEFAULT_SERVICE_PROTECTION, ...o.serviceProtection },
    https: o.https ?? false,
    tlsDir: o.tlsDir ?? "data/tls",
    identity: {
      accessTokenLifetimeSeconds: o.identity?.accessTokenLifetimeSeconds ?? 3599,
      redirectUris: o.identity?.redirectUris ?? [],
    },
  };
}
