import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";

export const TENANT = "7a3b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
export const ISSUER = `http://127.0.0.1:7071/${TENANT}/v2.0`;
export const AUDIENCE = "api://bgsync";
export const BOB = { objectId: "3d5f7a9b-2e4f-4b6c-9d8e-1f2a3b4c5d6e", name: "Bob Kelly" };

/** An Entra-shaped token issuer for unit tests: its JWKS plus a signer with per-test overrides. */
export async function createTestIssuer() {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const other = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  const jwks = createLocalJWKSet({ keys: [jwk] });

  async function token(
    user: { objectId: string; name: string },
    claims: JWTPayload = {},
    o: { expiresIn?: number; nowSeconds?: number; foreignKey?: boolean } = {},
  ) {
    const iat = o.nowSeconds ?? Math.floor(Date.now() / 1000);
    return new SignJWT({ tid: TENANT, oid: user.objectId, name: user.name, scp: "Jobs.ReadWrite", ...claims })
      .setProtectedHeader({ alg: "RS256", kid: "k1", typ: "JWT" })
      .setIssuer(typeof claims.iss === "string" ? claims.iss : ISSUER)
      .setAudience(typeof claims.aud === "string" ? claims.aud : AUDIENCE)
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + (o.expiresIn ?? 3600))
      .sign(o.foreignKey ? other.privateKey : privateKey);
  }
  return { jwks, token };
}
