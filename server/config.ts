import { z } from "zod";
import { notifyProblems, receivers, secrets } from "./config-notify";
import { isLoopbackOnly } from "./loopback";

/**
 * The companion API's configuration: the only module that reads environment variables.
 * Every problem is reported at once so a misconfigured deployment fails with one readable list.
 */

// The emulator's well-known identities (emulator/identities.ts); duplicated rather than imported so
// that a production build of the server does not depend on the emulator's code.
const EMULATOR_TENANT_ID = "7a3b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const EMULATOR_APP = { clientId: "5f1e2d3c-0b1a-4c2d-9e8f-7a6b5c4d3e2f", clientSecret: "emulator-secret" };
const DEMO_USER = { objectId: "2c4e6a8b-1d3f-4a5b-8c7d-0e1f2a3b4c5d", name: "Alex Wilber" };
const DEV_SIGNING_KEY = { kid: "dev", secret: "bgsync-development-signing-key-loopback-only" };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n- ${problems.join("\n- ")}`);
    this.name = "ConfigError";
  }
}

const list = z.string().transform((s) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean),
);
const origins = list.pipe(z.array(z.url().transform((u) => new URL(u).origin)));
const int = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);
const signingKeys = list.pipe(
  z.array(
    z
      .string()
      .regex(/^[\w.-]+:.{16,}$/, "each key is kid:secret with a secret of at least 16 characters")
      .transform((pair) => {
        const i = pair.indexOf(":");
        return { kid: pair.slice(0, i), secret: pair.slice(i + 1) };
      }),
  ),
);

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(7072),
  HOST: z.string().min(1).default("127.0.0.1"),
  PUBLIC_BASE_URL: z.url().optional(),
  DATAVERSE_URL: z.url().default("http://127.0.0.1:7071"),
  DATAVERSE_AUTH: z
    .enum(["emulator", "client-secret", "certificate", "managed-identity"])
    .default("emulator"),
  AZURE_TENANT_ID: z.string().optional(),
  AZURE_CLIENT_ID: z.string().optional(),
  AZURE_CLIENT_SECRET: z.string().optional(),
  AZURE_CLIENT_CERTIFICATE_PATH: z.string().optional(),
  STORE_URL: z
    .string()
    .regex(/^(sqlite:|postgres(ql)?:\/\/)/, "sqlite:<path> or postgres://...")
    .default("sqlite:data/bgsync.db"),
  /** PostgreSQL connections per instance for the store, and as many again for per-job locks. */
  STORE_POOL_SIZE: z.coerce.number().int().min(1).default(10),
  CALLBACK_SIGNING_KEYS: signingKeys.optional(),
  CALLBACK_TTL_SECONDS: int(7 * 24 * 3600),
  ALLOWED_ORIGINS: origins.default(["http://127.0.0.1:7071", "http://localhost:7071"]),
  ALLOWED_CUSTOM_APIS: list.default(["sample_SyncRecordsToExternalSystem"]),
  ALLOWED_URL_ORIGINS: origins.default(["http://127.0.0.1:7071"]),
  AUTH_MODE: z.enum(["entra", "none"]).default("entra"),
  AUTH_ISSUER: z.string().optional(),
  AUTH_AUDIENCE: z.string().default("api://bgsync"),
  AUTH_TENANT_ID: z.string().optional(),
  AUTH_JWKS_URL: z.url().optional(),
  AUTH_CLOCK_SKEW_SECONDS: int(60),
  /** Delegated scope every user token must carry, so app-only tokens cannot act as a person. */
  AUTH_REQUIRED_SCOPE: z.string().default("Jobs.ReadWrite"),
  DEV_USER_OBJECT_ID: z.uuid().default(DEMO_USER.objectId),
  DEV_USER_NAME: z.string().default(DEMO_USER.name),
  /** App roles of the developer in AUTH_MODE=none (none by default: not an admin). */
  DEV_USER_ROLES: list.default([]),
  /** The app role (token `roles` claim) that may manage notifications, erasures and schedules. */
  ADMIN_ROLE: z.string().min(1).default("BackgroundSync.Admin"),
  NOTIFY_RECEIVERS: receivers.default([]),
  /** Origins a job's own `notifyUrl` may point at; empty refuses every per-job URL. */
  NOTIFY_URL_ORIGINS: origins.default([]),
  /** Secrets that sign deliveries to per-job `notifyUrl`s. */
  NOTIFY_URL_SECRETS: list.pipe(secrets).optional(),
  NOTIFY_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** How long a delivery keeps being retried before it is dead-lettered. */
  NOTIFY_RETRY_HOURS: z.coerce.number().positive().default(24),
  NOTIFY_TICK_MS: z.coerce.number().int().min(10).default(1000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  JOB_VISIBILITY: z.enum(["own", "record"]).default("record"),
  JOB_RATE_LIMIT_PER_MINUTE: int(30),
  /** Dataverse calls one user's requests may cause per minute (reads included), as a token bucket. */
  DATAVERSE_USER_BUDGET_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /** Whether a start may ask for `allowConcurrent` (a second active job on the same record and Custom API). */
  ALLOW_CONCURRENT_JOBS: z.stringbool().default(false),
  MAX_BODY_BYTES: int(64 * 1024),
  RECONCILE_AFTER_SECONDS: int(120),
  RECONCILE_POLL_FLOOR_SECONDS: z.coerce.number().int().min(1).default(60),
  RECONCILE_POLL_MAX_SECONDS: int(900),
  RECONCILE_TICK_MS: z.coerce.number().int().min(10).default(5000),
  DATAVERSE_TIMEOUT_MS: int(30_000),
  DATAVERSE_MAX_RETRIES: int(3),
  DATAVERSE_RETRY_BUDGET_MS: int(60_000),
  CUSTOM_API_CACHE_SECONDS: int(300),
  RECORD_ACCESS_CACHE_SECONDS: int(60),
  SSE_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).default(15),
  SSE_MAX_STREAMS_PER_USER: z.coerce.number().int().min(1).default(20),
  /** A finished job's events, all but its last, are kept this long (reconnects, support). */
  RETAIN_EVENTS_HOURS: z.coerce.number().positive().default(168),
  /** A finished job is kept this long, then removed with all it owns: no shorter than Dataverse's 90 days. */
  RETAIN_JOBS_DAYS: z.coerce.number().positive().default(90),
  RETENTION_TICK_MS: z.coerce.number().int().min(10).default(60_000),
  /** How often due schedules are looked for: a run starts at most this late after its due time. */
  SCHEDULE_TICK_MS: z.coerce.number().int().min(10).default(10_000),
  /** Least time between two stored in-batch progress writes of one operation (progress/). */
  PROGRESS_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
});

type Env = z.output<typeof schema>;

/** Every variable the API reads: server/README.md documents each one (a test holds it to that). */
export const CONFIG_VARIABLES = Object.keys(schema.shape);

function build(e: Env) {
  const emulator = e.DATAVERSE_AUTH === "emulator";
  const dataverseUrl = e.DATAVERSE_URL.replace(/\/+$/, "");
  const authTenantId = e.AUTH_TENANT_ID ?? e.AZURE_TENANT_ID ?? (emulator ? EMULATOR_TENANT_ID : "");
  const authority = emulator ? dataverseUrl : "https://login.microsoftonline.com";
  const urlHost = e.HOST.includes(":") ? `[${e.HOST}]` : e.HOST;
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://${urlHost}:${e.PORT}`).replace(/\/+$/, "");
  // The fixed dev key is public: only a loopback-only deployment against the emulator may use it.
  const devKeyAllowed = emulator && isLoopbackOnly({ host: e.HOST, publicBaseUrl });
  return {
    port: e.PORT,
    host: e.HOST,
    publicBaseUrl,
    dataverse: {
      url: dataverseUrl,
      auth: e.DATAVERSE_AUTH,
      tenantId: e.AZURE_TENANT_ID ?? (emulator ? EMULATOR_TENANT_ID : ""),
      clientId: e.AZURE_CLIENT_ID ?? (emulator ? EMULATOR_APP.clientId : ""),
      clientSecret: e.AZURE_CLIENT_SECRET ?? (emulator ? EMULATOR_APP.clientSecret : undefined),
      clientCertificatePath: e.AZURE_CLIENT_CERTIFICATE_PATH,
      timeoutMs: e.DATAVERSE_TIMEOUT_MS,
      maxRetries: e.DATAVERSE_MAX_RETRIES,
      retryBudgetMs: e.DATAVERSE_RETRY_BUDGET_MS,
      customApiCacheSeconds: e.CUSTOM_API_CACHE_SECONDS,
      recordAccessCacheSeconds: e.RECORD_ACCESS_CACHE_SECONDS,
    },
    storeUrl: e.STORE_URL,
    storePoolSize: e.STORE_POOL_SIZE,
    callbacks: {
      keys: e.CALLBACK_SIGNING_KEYS?.length
        ? e.CALLBACK_SIGNING_KEYS
        : devKeyAllowed
          ? [DEV_SIGNING_KEY]
          : [],
      ttlSeconds: e.CALLBACK_TTL_SECONDS,
    },
    allowedOrigins: e.ALLOWED_ORIGINS,
    allowedCustomApis: e.ALLOWED_CUSTOM_APIS,
    allowedUrlOrigins: e.ALLOWED_URL_ORIGINS,
    auth: {
      mode: e.AUTH_MODE,
      issuer: e.AUTH_ISSUER ?? `${authority}/${authTenantId}/v2.0`,
      audience: e.AUTH_AUDIENCE,
      tenantId: authTenantId,
      jwksUrl: e.AUTH_JWKS_URL ?? `${authority}/${authTenantId}/discovery/v2.0/keys`,
      clockSkewSeconds: e.AUTH_CLOCK_SKEW_SECONDS,
      requiredScope: e.AUTH_REQUIRED_SCOPE,
      devUser: { objectId: e.DEV_USER_OBJECT_ID, name: e.DEV_USER_NAME, roles: e.DEV_USER_ROLES },
      adminRole: e.ADMIN_ROLE,
    },
    notify: {
      receivers: e.NOTIFY_RECEIVERS,
      urlOrigins: e.NOTIFY_URL_ORIGINS,
      urlSecrets: e.NOTIFY_URL_SECRETS ?? [],
      timeoutMs: e.NOTIFY_TIMEOUT_MS,
      retryWindowMs: e.NOTIFY_RETRY_HOURS * 3600_000,
      tickMs: e.NOTIFY_TICK_MS,
    },
    logLevel: e.LOG_LEVEL,
    jobs: {
      visibility: e.JOB_VISIBILITY,
      rateLimitPerMinute: e.JOB_RATE_LIMIT_PER_MINUTE,
      dataverseBudgetPerMinute: e.DATAVERSE_USER_BUDGET_PER_MINUTE,
      allowConcurrent: e.ALLOW_CONCURRENT_JOBS,
      maxBodyBytes: e.MAX_BODY_BYTES,
    },
    reconciler: {
      reconcileAfterSeconds: e.RECONCILE_AFTER_SECONDS,
      pollFloorSeconds: e.RECONCILE_POLL_FLOOR_SECONDS,
      pollMaxSeconds: e.RECONCILE_POLL_MAX_SECONDS,
      tickMs: e.RECONCILE_TICK_MS,
    },
    sseHeartbeatSeconds: e.SSE_HEARTBEAT_SECONDS,
    sseMaxStreamsPerUser: e.SSE_MAX_STREAMS_PER_USER,
    progressIntervalMs: e.PROGRESS_INTERVAL_MS,
    retention: {
      eventsMs: e.RETAIN_EVENTS_HOURS * 3600_000,
      jobsMs: e.RETAIN_JOBS_DAYS * 86_400_000,
      tickMs: e.RETENTION_TICK_MS,
    },
    schedules: { tickMs: e.SCHEDULE_TICK_MS },
  };
}

export type Config = ReturnType<typeof build>;

/** Rules that span several variables; each broken one adds a problem. */
function crossCheck(c: Config): string[] {
  const problems: string[] = [];
  const loopback = isLoopbackOnly(c);
  if (c.auth.mode === "none" && !loopback)
    problems.push(
      `AUTH_MODE=none is only allowed when HOST and PUBLIC_BASE_URL are loopback (HOST=${c.host}, PUBLIC_BASE_URL=${c.publicBaseUrl})`,
    );
  if (c.callbacks.keys.length === 0)
    problems.push(
      "CALLBACK_SIGNING_KEYS is required unless HOST and PUBLIC_BASE_URL are loopback and DATAVERSE_AUTH=emulator",
    );
  if (c.auth.mode === "entra" && !c.auth.tenantId)
    problems.push("AUTH_TENANT_ID (or AZURE_TENANT_ID) is required");
  const d = c.dataverse;
  if (d.auth === "client-secret" && !(d.tenantId && d.clientId && d.clientSecret))
    problems.push(
      "DATAVERSE_AUTH=client-secret needs AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET",
    );
  if (d.auth === "certificate" && !(d.tenantId && d.clientId && d.clientCertificatePath))
    problems.push(
      "DATAVERSE_AUTH=certificate needs AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_CERTIFICATE_PATH",
    );
  problems.push(...notifyProblems(c.notify));
  if (d.auth !== "emulator" && !d.url.startsWith("https://"))
    problems.push("DATAVERSE_URL must use https outside the emulator");
  return problems;
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  // Empty strings mean "unset": docker-compose and shells often export VAR= for optional values.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const config = build(parsed.data);
  const problems = crossCheck(config);
  if (problems.length) throw new ConfigError(problems);
  return config;
}
