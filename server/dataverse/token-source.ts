import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type AccessToken,
  type TokenCredential,
} from "@azure/identity";
import type { Config } from "../config";

/**
 * Tokens for calling Dataverse as the application user. Real environments use @azure/identity;
 * the emulator's issuer speaks plain http on loopback, which MSAL refuses ("The authorityHost
 * address must use the 'https' protocol"), so emulator mode uses the small credential below that
 * performs the same client-credentials grant against it.
 */

export interface DataverseTokenSource {
  getToken(): Promise<string>;
}

export function createEmulatorCredential(options: {
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
}): TokenCredential {
  return {
    async getToken(scopes): Promise<AccessToken> {
      const body = new URLSearchParams({
        grant_type: "client_credentials",
        client_id: options.clientId,
        client_secret: options.clientSecret,
        scope: ([] as string[]).concat(scopes).join(" "),
      });
      const res = await fetch(`${options.authorityHost}/${options.tenantId}/oauth2/v2.0/token`, {
        method: "POST",
        body,
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`token endpoint answered ${res.status}`);
      const json = (await res.json()) as { access_token: string; expires_in: number };
      return { token: json.access_token, expiresOnTimestamp: Date.now() + json.expires_in * 1000 };
    },
  };
}

export function credentialFor(d: Config["dataverse"]): TokenCredential {
  switch (d.auth) {
    case "emulator":
      return createEmulatorCredential({
        authorityHost: d.url,
        tenantId: d.tenantId,
        clientId: d.clientId,
        clientSecret: d.clientSecret ?? "",
      });
    case "client-secret":
      return new ClientSecretCredential(d.tenantId, d.clientId, d.clientSecret ?? "");
    case "certificate":
      return new ClientCertificateCredential(d.tenantId, d.clientId, {
        certificatePath: d.clientCertificatePath ?? "",
      });
    case "managed-identity":
      return d.clientId
        ? new ManagedIdentityCredential({ clientId: d.clientId })
        : new ManagedIdentityCredential();
  }
}

/** Caches the token until five minutes before it expires and shares one refresh between callers. */
export function createDataverseTokenSource(
  credential: TokenCredential,
  dataverseUrl: string,
): DataverseTokenSource {
  const scope = `${dataverseUrl}/.default`;
  let cached: AccessToken | null = null;
  let pending: Promise<string> | null = null;
  return {
    getToken() {
      if (cached && cached.expiresOnTimestamp - Date.now() > 5 * 60_000) return Promise.resolve(cached.token);
      pending ??= credential
        .getToken(scope)
        .then((t) => {
          if (!t) throw new Error("no Dataverse token");
          cached = t;
          return t.token;
        })
        .finally(() => (pending = null));
      return pending;
    },
  };
}
