import { SignJWT, type JWTPayload } from "jose";
import { randomUUID } from "node:crypto";
import type { SigningKeys } from "./keys";

/** Entra v2.0 issuer for a tenant of this emulator. */
export const issuerFor = (baseUrl: string, tenantId: string) => `${baseUrl}/${tenantId}/v2.0`;

export interface TokenRequest {
  baseUrl: string;
  tenantId: string;
  audience: string;
  expiresInSeconds: number;
  claims: JWTPayload;
}

/** Signs an Entra-shaped access token (RS256, kid header, iat/nbf/exp, uti). */
export async function issueToken(keys: SigningKeys, request: TokenRequest): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ver: "2.0", tid: request.tenantId, uti: randomUUID(), ...request.claims })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: keys.kid })
    .setIssuer(issuerFor(request.baseUrl, request.tenantId))
    .setAudience(request.audience)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + request.expiresInSeconds)
    .sign(keys.privateKey);
}
