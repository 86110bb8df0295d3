import { COMPANION_API_APP } from "../identities";

/** Scopes that ask for sign-in itself rather than for a resource. */
const OIDC_SCOPES = new Set(["openid", "profile", "offline_access", "email"]);

export interface ResolvedScopes {
  oidc: Set<string>;
  /** The access token's audience. */
  audience: string;
  /** `scp`: the resource's scope names. */
  scp: string[];
  /** The response's `scope`: granted scopes as the client named them. */
  granted: string[];
}

export type ScopeResult = { ok: true; value: ResolvedScopes } | { ok: false; description: string };

interface Resource {
  /** The prefixes a scope may carry: identifier URI and client id (Entra accepts both). */
  names: string[];
  audience: string;
  scopes: readonly string[];
}

function resources(orgUrl: string): Resource[] {
  return [
    {
      names: [COMPANION_API_APP.identifierUri, COMPANION_API_APP.clientId],
      audience: COMPANION_API_APP.clientId,
      scopes: COMPANION_API_APP.scopes,
    },
    // Dataverse: `{org}/user_impersonation` or `{org}/.default`; its tokens' aud is the org URL.
    { names: [orgUrl, `${orgUrl}/`], audience: orgUrl, scopes: ["user_impersonation"] },
  ];
}

function split(scope: string): [string, string] {
  const slash = scope.lastIndexOf("/");
  return slash < 0 ? ["", scope] : [scope.slice(0, slash), scope.slice(slash + 1)];
}

/**
 * Entra's scope rules for one request: OIDC scopes plus the scopes of exactly one resource
 * (AADSTS28000 for two), each of which the resource must expose (AADSTS650053), `.default` meaning
 * all of them. Unlike Entra, a request with OIDC scopes only is refused (Entra would issue a
 * Microsoft Graph token, which the emulator does not have).
 */
export function resolveScopes(requested: string[], orgUrl: string): ScopeResult {
  const oidc = new Set(requested.filter((s) => OIDC_SCOPES.has(s)));
  const rest = requested.filter((s) => !OIDC_SCOPES.has(s));
  if (rest.length === 0)
    return { ok: false, description: "AADSTS70011: The provided request must include a resource scope." };
  const known = resources(orgUrl);
  let match: Resource | undefined;
  const scp: string[] = [];
  for (const scope of rest) {
    const [prefix, name] = split(scope);
    const resource = known.find((r) => r.names.includes(prefix));
    if (resource === undefined)
      return {
        ok: false,
        description: `AADSTS500011: The resource principal named ${prefix || scope} was not found in the tenant.`,
      };
    if (match !== undefined && match !== resource)
      return {
        ok: false,
        description:
          "AADSTS28000: Provided value for the input parameter scope is not valid because it contains more than one resource.",
      };
    match = resource;
    if (name === ".default") scp.push(...resource.scopes);
    else if (resource.scopes.includes(name)) scp.push(name);
    else
      return {
        ok: false,
        description: `AADSTS650053: The application asked for scope '${name}' that doesn't exist on the resource '${prefix}'.`,
      };
  }
  const resource = match as Resource;
  return {
    ok: true,
    value: { oidc, audience: resource.audience, scp: [...new Set(scp)], granted: rest },
  };
}
