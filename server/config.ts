import { crossCheck } from "./config-rules";
import { schema, type Env } from "./config-schema";
import { isLoopbackOnly } from "./loopback";

/**
 * The companion API's configuration: the only module that reads environment variables.
 * Every problem is reported at once so a misconfigured deployment fails with one readable list.
 */

// The emulator's well-known tenant and app (emulator/identities.ts); duplicated rather than imported
// so that a production build of the server does not depend on the emulator's code.
const EMULATOR_TENANT_ID = "7a3b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const EMULATOR_APP = { clientId: "5f1e2d3c-0b1a-4c2d-9e8f-7a6b5c4d3e2f", clientSecret: "emulator-secret" };
const DEV_SIGNING_KEY = { kid: "dev", secret: "bgsync-development-signing-key-loopback-only" };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n- ${problems.join("\n- ")}`);
    this.name = "ConfigError";
  }
}

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

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  // Empty strings mean "unset": docker-compose and shells often export VAR= for optional values.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(present);
  if (parsed.success) {
    const config = build(parsed.data);
    const problems = crossCheck(config);
    if (problems.length) throw new ConfigError(problems);
    return config;
  }
  const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  // The rules across variables still run, with each invalid variable at its default, so that one
  // start lists everything to fix; crossCheck leaves out the rules that read an invalid one.
  const invalid = new Set(parsed.error.issues.map((i) => String(i.path[0])));
  const rest = schema.safeParse(Object.fromEntries(Object.entries(present).filter(([k]) => !invalid.has(k))));
  if (rest.success) problems.push(...crossCheck(build(rest.data), invalid));
  throw new ConfigError(problems);
}
