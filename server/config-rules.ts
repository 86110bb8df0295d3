import { notifyProblems } from "./config-notify";
import type { Config } from "./config";
import { isLoopbackOnly } from "./loopback";

/** A rule across several variables: the variables it reads, and its problems. */
interface Rule {
  reads: readonly string[];
  check: (c: Config) => string | string[] | null;
}

const CREDENTIALS = ["DATAVERSE_AUTH", "AZURE_TENANT_ID", "AZURE_CLIENT_ID"];

const RULES: Rule[] = [
  {
    reads: ["AUTH_MODE", "HOST", "PUBLIC_BASE_URL"],
    check: (c) =>
      c.auth.mode === "none" && !isLoopbackOnly(c)
        ? `AUTH_MODE=none is only allowed when HOST and PUBLIC_BASE_URL are loopback (HOST=${c.host}, PUBLIC_BASE_URL=${c.publicBaseUrl})`
        : null,
  },
  {
    reads: ["CALLBACK_SIGNING_KEYS", "HOST", "PUBLIC_BASE_URL", "DATAVERSE_AUTH"],
    check: (c) =>
      c.callbacks.keys.length === 0
        ? "CALLBACK_SIGNING_KEYS is required unless HOST and PUBLIC_BASE_URL are loopback and DATAVERSE_AUTH=emulator"
        : null,
  },
  {
    reads: ["AUTH_MODE", "AUTH_TENANT_ID", "AZURE_TENANT_ID", "DATAVERSE_AUTH"],
    check: (c) =>
      c.auth.mode === "entra" && !c.auth.tenantId ? "AUTH_TENANT_ID (or AZURE_TENANT_ID) is required" : null,
  },
  {
    reads: [...CREDENTIALS, "AZURE_CLIENT_SECRET"],
    check: ({ dataverse: d }) =>
      d.auth === "client-secret" && !(d.tenantId && d.clientId && d.clientSecret)
        ? "DATAVERSE_AUTH=client-secret needs AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET"
        : null,
  },
  {
    reads: [...CREDENTIALS, "AZURE_CLIENT_CERTIFICATE_PATH"],
    check: ({ dataverse: d }) =>
      d.auth === "certificate" && !(d.tenantId && d.clientId && d.clientCertificatePath)
        ? "DATAVERSE_AUTH=certificate needs AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_CERTIFICATE_PATH"
        : null,
  },
  {
    reads: ["NOTIFY_RECEIVERS", "NOTIFY_URL_ORIGINS", "NOTIFY_URL_SECRETS"],
    check: (c) => notifyProblems(c.notify),
  },
  {
    reads: ["DATAVERSE_AUTH", "DATAVERSE_URL"],
    check: ({ dataverse: d }) =>
      d.auth !== "emulator" && !d.url.startsWith("https://")
        ? "DATAVERSE_URL must use https outside the emulator"
        : null,
  },
];

/**
 * The problems of the rules across variables. A rule that reads a variable in `invalid` is left
 * out: that variable stands at its default, which the rule would judge instead of what was set.
 */
export function crossCheck(c: Config, invalid: ReadonlySet<string> = new Set()): string[] {
  return RULES.filter((rule) => !rule.reads.some((name) => invalid.has(name))).flatMap(
    (rule) => rule.check(c) ?? [],
  );
}
