import type { MiddlewareHandler } from "hono";
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import type { AppEnv } from "../app-env";
import type { Config } from "../config";
import { problems } from "../problem";

/**
 * Inbound authentication. `entra`: an Entra ID access token for this API (RFC 6750 bearer), checked
 * for signature (tenant JWKS), issuer, audience, tenant, expiry and not-before with a clock skew.
 * `none`: every request acts as the configured developer; config refuses it off loopback.
 */

const REALM = 'Bearer realm="bgsync"';
const challenge = (description: string) =>
  `${REALM}, error="invalid_token", error_description="${description.replace(/["\\]/g, "")}"`;

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "The token has expired.";
  if (error instanceof errors.JWTClaimValidationFailed)
    return `The token's ${error.claim} claim is not accepted.`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return "The token's signature is not valid.";
  return "The token is not valid.";
}

export function createAuthenticator(
  auth: Config["auth"],
  options: { getKey?: JWTVerifyGetKey; now?: () => number } = {},
): MiddlewareHandler<AppEnv> {
  if (auth.mode === "none") {
    return async (c, next) => {
      c.set("principal", auth.devUser);
      await next();
    };
  }
  const getKey = options.getKey ?? createRemoteJWKSet(new URL(auth.jwksUrl));
  return async (c, next) => {
    const header = c.req.header("Authorization") ?? "";
    const match = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/i.exec(header);
    if (!match?.[1]) throw problems.unauthorized("A bearer access token for this API is required.", REALM);
    let payload;
    try {
      ({ payload } = await jwtVerify(match[1], getKey, {
        issuer: auth.issuer,
        audience: auth.audience,
        clockTolerance: auth.clockSkewSeconds,
        requiredClaims: ["exp", "oid", "tid"],
        currentDate: options.now ? new Date(options.now()) : undefined,
      }));
    } catch (error) {
      const description = describe(error);
      throw problems.unauthorized(description, challenge(description), error);
    }
    const scopes = typeof payload.scp === "string" ? payload.scp.split(" ") : [];
    if (auth.requiredScope && !scopes.includes(auth.requiredScope)) {
      // App-only tokens carry roles, not scp: this API acts only for people.
      const description = `The token lacks the ${auth.requiredScope} scope.`;
      throw problems.insufficientScope(
        description,
        `${REALM}, error="insufficient_scope", scope="${auth.requiredScope}", error_description="${description}"`,
      );
    }
    if (payload.tid !== auth.tenantId) {
      throw problems.unauthorized(
        "The token is from another tenant.",
        challenge("The token is from another tenant."),
      );
    }
    const name = [payload.name, payload.preferred_username].find((v): v is string => typeof v === "string");
    const roles = Array.isArray(payload.roles)
      ? payload.roles.filter((r): r is string => typeof r === "string")
      : [];
    c.set("principal", {
      objectId: String(payload.oid),
      name: name ?? String(payload.oid),
      roles,
      expiresAt: Number(payload.exp) * 1000,
    });
    await next();
  };
}
