import type { EmulatorContext } from "../context";
import { EMULATOR_TENANT_ID } from "../identities";
import type { SystemUser } from "../seed/system-users";
import { SPA_REFRESH_TTL_MS, type Grant } from "./grants";
import { issueToken } from "./issue-token";
import type { ResolvedScopes } from "./scopes";

const ID_TOKEN_LIFETIME_SECONDS = 3600;

/** MSAL builds the account's home id `uid.utid` from this. */
export const clientInfo = (user: SystemUser) =>
  Buffer.from(JSON.stringify({ uid: user.azureactivedirectoryobjectid, utid: EMULATOR_TENANT_ID })).toString(
    "base64url",
  );

/**
 * The token endpoint's success body for a person (authorization code or refresh token grant):
 * an access token for the one resource asked for, an id token when `openid` was asked for, and a
 * new refresh token (Entra rotates them; an SPA's keeps the first one's 24-hour end).
 */
export async function spaTokenResponse(
  ctx: EmulatorContext,
  o: {
    grant: Grant;
    user: SystemUser;
    scopes: ResolvedScopes;
    nonce?: string;
    refreshExpiresAt?: number;
  },
): Promise<Record<string, unknown>> {
  const { user, scopes, grant } = o;
  const lifetime = ctx.options.identity.accessTokenLifetimeSeconds;
  const oid = user.azureactivedirectoryobjectid;
  const person = { oid, sub: oid, name: user.fullname, preferred_username: user.domainname };
  const common = { baseUrl: ctx.base.url, tenantId: EMULATOR_TENANT_ID };
  const access_token = await issueToken(ctx.keys, {
    ...common,
    audience: scopes.audience,
    expiresInSeconds: lifetime,
    claims: { ...person, scp: scopes.scp.join(" "), azp: grant.clientId, azpacr: "0", idtyp: "user" },
  });
  const body: Record<string, unknown> = {
    token_type: "Bearer",
    scope: [...scopes.granted, ...[...scopes.oidc].filter((s) => s !== "offline_access")].join(" "),
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token,
    client_info: clientInfo(user),
  };
  if (scopes.oidc.has("openid")) {
    body.id_token = await issueToken(ctx.keys, {
      ...common,
      audience: grant.clientId,
      expiresInSeconds: ID_TOKEN_LIFETIME_SECONDS,
      claims: { ...person, ...(o.nonce === undefined ? {} : { nonce: o.nonce }) },
    });
  }
  if (scopes.oidc.has("offline_access")) {
    const expiresAt = o.refreshExpiresAt ?? Date.now() + SPA_REFRESH_TTL_MS;
    body.refresh_token = ctx.grants.issueRefreshToken(grant, expiresAt);
    body.refresh_token_expires_in = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
  }
  return body;
}
