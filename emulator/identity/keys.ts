import { exportJWK, generateKeyPair, type JWK, type CryptoKey } from "jose";
import { randomUUID } from "node:crypto";

/** The issuer's RS256 key pair, generated at start: tokens never outlive the emulator. */
export interface SigningKeys {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwks: { keys: JWK[] };
}

export async function createSigningKeys(): Promise<SigningKeys> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = randomUUID();
  const jwk = await exportJWK(publicKey);
  return { kid, privateKey, publicKey, jwks: { keys: [{ ...jwk, kid, alg: "RS256", use: "sig" }] } };
}

let processKeys: Promise<SigningKeys> | undefined;

/**
 * One key pair per process, shared by every emulator started in it: RSA generation costs about half
 * a second, and a test file may start several emulators. Tokens still do not cross emulators, since
 * each one checks its own issuer URL (it contains the port).
 */
export function processSigningKeys(): Promise<SigningKeys> {
  processKeys ??= createSigningKeys();
  return processKeys;
}
