import { Hono, type Context } from "hono";
import { cors } from "hono/cors";
import { randomUUID } from "node:crypto";
import type { EmulatorContext } from "../context";
import { findUserByApplicationId } from "../seed/system-users";
import { EMULATOR_TENANT_ID, SERVER_APP } from "../identities";
import { issueToken, issuerFor } from "./issue-token";
import { authorizationCodeGrant, refreshTokenGrant } from "./spa-grants";

const TOKEN_LIFETIME_SECONDS = 3599;

/** Entra's OAuth2 error body (`AADSTS...` in error_description, its number in error_codes). */
const oauthError = (c: Context, status: 400 | 401, error: string, description: string) =>
  c.json(
    {
      error,
      error_description: description,
      error_codes: [Number(/^AADSTS(\d+)/.exec(description)?.[1] ?? 0)].filter(Boolean),
      timestamp: new Date().toISOString(),
      trace_id: randomUUID(),
      correlation_id: c.req.header("client-request-id") ?? randomUUID(),
    },
    status,
  );

type Field = (name: string) => string;

/**
 * An Entra-shaped issuer for the emulator's one tenant: client credentials for the companion API's
 * app registration, the SPA's authorization code and refresh token grants (CORS, as Entra answers
 * browsers), OpenID metadata and the JWKS (so `jose.createRemoteJWKSet` works unchanged).
 */
export function createTokenRoutes(ctx: EmulatorContext): Hono {
  const app = new Hono();
  const knownTenant = (tenant: string) => tenant === EMULATOR_TENANT_ID;

  // Entra answers browsers on all three: MSAL reads the metadata and redeems codes cross-origin.
  app.use("/:tenant/oauth2/v2.0/token", cors({ origin: "*", allowMethods: ["POST"], maxAge: 86400 }));
  app.use("/:tenant/v2.0/.well-known/openid-configuration", cors({ origin: "*", allowMethods: ["GET"] }));
  app.use("/:tenant/discovery/v2.0/keys", cors({ origin: "*", allowMethods: ["GET"] }));
  app.post("/:tenant/oauth2/v2.0/token", async (c) => {
    if (!knownTenant(c.req.param("tenant")))
      return oauthError(
        c,
        400,
        "invalid_request",
        `AADSTS90002: Tenant '${c.req.param("tenant")}' not found.`,
      );
    const form = await c.req.parseBody();
    const field: Field = (name) => (typeof form[name] === "string" ? form[name] : "");
    const grantType = field("grant_type");
    if (grantType === "authorization_code" || grantType === "refresh_token") {
      const grant = grantType === "authorization_code" ? authorizationCodeGrant : refreshTokenGrant;
      const result = await grant(ctx, field, c.req.header("origin"));
      return result.ok ? c.json(result.body) : oauthError(c, result.status, result.error, result.description);
    }
    if (grantType !== "client_credentials")
      return oauthError(
        c,
        400,
        "unsupported_grant_type",
        "AADSTS70003: The app requested an unsupported grant type.",
      );
    const clientId = field("client_id");
    const app = findUserByApplicationId(clientId);
    if (!app || clientId !== SERVER_APP.clientId)
      return oauthError(
        c,
        400,
        "unauthorized_client",
        `AADSTS700016: Application '${clientId}' was not found.`,
      );
    if (field("client_secret") !== SERVER_APP.clientSecret)
      return oauthError(c, 401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
    const scope = field("scope");
    const resource = scope.endsWith("/.default") ? scope.slice(0, -"/.default".length) : "";
    if (resource.replace(/\/$/, "") !== ctx.base.url)
      return oauthError(c, 400, "invalid_scope", `AADSTS70011: The provided scope '${scope}' is not valid.`);
    const access_token = await issueToken(ctx.keys, {
      baseUrl: ctx.base.url,
      tenantId: EMULATOR_TENANT_ID,
      audience: ctx.base.url,
      expiresInSeconds: TOKEN_LIFETIME_SECONDS,
      claims: {
        appid: clientId,
        azp: clientId,
        oid: app.azureactivedirectoryobjectid,
        sub: app.azureactivedirectoryobjectid,
        idtyp: "app",
        roles: ["user_impersonation"],
      },
    });
    return c.json({
      token_type: "Bearer",
      expires_in: TOKEN_LIFETIME_SECONDS,
      ext_expires_in: TOKEN_LIFETIME_SECONDS,
      access_token,
    });
  });

  app.get("/:tenant/v2.0/.well-known/openid-configuration", (c) => {
    const tenant = c.req.param("tenant");
    if (!knownTenant(tenant))
      return oauthError(c, 400, "invalid_tenant", `AADSTS90002: Tenant '${tenant}' not found.`);
    // Endpoints on the host the metadata was read from (the sign-in host for MSAL); the issuer is
    // fixed, as Entra's is whichever alias of login.microsoftonline.com served the document.
    const base = `${new URL(c.req.url).origin}/${tenant}`;
    return c.json({
      issuer: issuerFor(ctx.base.url, tenant),
      token_endpoint: `${base}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_types_supported: ["code", "id_token", "code id_token", "token id_token", "token"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      grant_types_supported: ["authorization_code", "refresh_token", "client_credentials"],
      response_modes_supported: ["query", "fragment"],
      code_challenge_methods_supported: ["S256"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      tenant_region_scope: "EU",
    });
  });

  app.get("/:tenant/discovery/v2.0/keys", (c) =>
    knownTenant(c.req.param("tenant"))
      ? c.json(ctx.keys.jwks)
      : oauthError(c, 400, "invalid_tenant", "AADSTS90002: Tenant not found."),
  );
  return app;
}
