import { jwtVerify, type JWTPayload, type JWTVerifyOptions } from "jose";

/**
 * Verifying an RS256 signature costs a WebCrypto call (a thread-pool round trip) on every request,
 * and a client sends the same bearer token for as long as it lives. Like any resource server, the
 * emulator remembers tokens it has verified until they expire, so a repeated token costs a map
 * lookup; a token never seen, or one that failed, is verified in full every time. The signing key
 * lives as long as the emulator, so a verified signature stays verified.
 */
const MAX_TOKENS = 1_000;

export interface TokenVerifier {
  /** The token's claims once its signature, issuer, audience and times check out; throws otherwise. */
  verify(token: string): Promise<JWTPayload>;
}

export function createTokenVerifier(
  key: CryptoKey,
  options: JWTVerifyOptions,
  now: () => number = Date.now,
): TokenVerifier {
  const verified = new Map<string, JWTPayload>();
  // jose's own check: a token is expired once the clock reaches `exp` (no clock tolerance here).
  const live = (payload: JWTPayload) => payload.exp === undefined || now() < payload.exp * 1000;
  return {
    async verify(token) {
      const known = verified.get(token);
      if (known && live(known)) return known;
      verified.delete(token);
      const { payload } = await jwtVerify(token, key, { ...options, currentDate: new Date(now()) });
      if (verified.size >= MAX_TOKENS) verified.delete(verified.keys().next().value!);
      verified.set(token, payload);
      return payload;
    },
  };
}
