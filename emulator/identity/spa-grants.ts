import { createHash, timingSafeEqual } from "node:crypto";
import type { EmulatorContext } from "../context";
import { CONTROL_APP } from "../identities";
import { findUserById } from "../seed/system-users";
import { resolveScopes } from "./scopes";
import { spaTokenResponse } from "./spa-tokens";

export type GrantResult =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; status: 400 | 401; error: string; description: string };

type Field = (name: string) => string;

const fail = (error: string, description: string, status: 400 | 401 = 400): GrantResult => ({
  ok: false,
  status,
  error,
  description,
});

const s256 = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");

const same = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Checks shared by the SPA's grants: its own client id, and a cross-origin request. Entra redeems
 * codes and refresh tokens issued to an SPA only from a browser's CORS request (AADSTS9002327).
 */
function spaClient(field: Field, origin: string | undefined): GrantResult | undefined {
  if (field("client_id") !== CONTROL_APP.clientId)
    return fail(
      "unauthorized_client",
      `AADSTS700016: Application with identifier '${field("client_id")}' was not found in the directory.`,
    );
  if (!origin)
    return fail(
      "invalid_request",
      "AADSTS9002327: Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.",
    );
  return undefined;
}

export async function authorizationCodeGrant(
  ctx: EmulatorContext,
  field: Field,
  origin: string | undefined,
): Promise<GrantResult> {
  const refused = spaClient(field, origin);
  if (refused) return refused;
  const code = ctx.grants.redeemCode(field("code"));
  if (code === undefined || code.clientId !== field("client_id"))
    return fail(
      "invalid_grant",
      "AADSTS70008: The provided authorization code or refresh token has expired, was already redeemed or is not valid.",
    );
  if (code.redirectUri !== field("redirect_uri"))
    return fail(
      "invalid_grant",
      "AADSTS50011: The redirect URI specified in the request does not match the one used to obtain the authorization code.",
    );
  if (!same(s256(field("code_verifier")), code.codeChallenge))
    return fail(
      "invalid_grant",
      "AADSTS50148: The code_verifier provided does not match the code_challenge supplied in the authorization request for PKCE.",
    );
  const user = findUserById(code.userId);
  const scopes = resolveScopes(code.scopes, ctx.base.url);
  if (!user || !scopes.ok) return fail("invalid_grant", "AADSTS50034: The user account does not exist.");
  const body = await spaTokenResponse(ctx, { grant: code, user, scopes: scopes.value, nonce: code.nonce });
  return { ok: true, body };
}

/** A refresh token may be spent on any scope of the resources the app may use (Entra's multi-resource refresh). */
export async function refreshTokenGrant(
  ctx: EmulatorContext,
  field: Field,
  origin: string | undefined,
): Promise<GrantResult> {
  const refused = spaClient(field, origin);
  if (refused) return refused;
  const grant = ctx.grants.refreshToken(field("refresh_token"));
  if (grant === undefined || grant.clientId !== field("client_id"))
    return fail(
      "invalid_grant",
      "AADSTS700084: The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which cannot be extended. It is now expired or not valid; a new sign in request must be sent by the SPA to the sign in page.",
    );
  const user = findUserById(grant.userId);
  const requested = field("scope").split(" ").filter(Boolean);
  const asked = requested.length > 0 ? requested : grant.scopes;
  const scopes = resolveScopes(asked, ctx.base.url);
  if (!scopes.ok) return fail("invalid_scope", scopes.description);
  if (!user) return fail("invalid_grant", "AADSTS50034: The user account does not exist.");
  const body = await spaTokenResponse(ctx, {
    grant: { ...grant, scopes: asked },
    user,
    scopes: scopes.value,
    refreshExpiresAt: grant.expiresAt,
  });
  return { ok: true, body };
}
