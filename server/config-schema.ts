import { z } from "zod";
import { receivers, secrets } from "./config-notify";

// The one schema of the API's environment variables, with each default. Read by config.ts, still
// the only reader of the environment, which builds the configuration from it and checks across it.

// The demo user of the emulator (emulator/identities.ts), duplicated rather than imported so that a
// production build of the server does not depend on the emulator's code.
const DEMO_USER = { objectId: "2c4e6a8b-1d3f-4a5b-8c7d-0e1f2a3b4c5d", name: "Alex Wilber" };

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

export const schema = z.object({
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

export type Env = z.output<typeof schema>;

/** Every variable the API reads: server/README.md documents each one (a test holds it to that). */
export const CONFIG_VARIABLES = Object.keys(schema.shape);
