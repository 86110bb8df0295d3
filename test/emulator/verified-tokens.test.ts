import { generateKeyPair, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier } from "../../emulator/identity/verified-tokens";

const ISSUER = "https://emulator.test/tenant/v2.0";
const AUDIENCE = "https://emulator.test";
const T0 = Date.UTC(2026, 11, 7, 12, 0, 0);

let keys: Awaited<ReturnType<typeof generateKeyPair>>;
let otherKeys: Awaited<ReturnType<typeof generateKeyPair>>;
beforeAll(async () => {
  keys = await generateKeyPair("RS256");
  otherKeys = await generateKeyPair("RS256");
});

const token = (lifetimeSeconds: number, signWith = keys.privateKey) =>
  new SignJWT({ oid: "user-1" })
    .setProtectedHeader({ alg: "RS256" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(T0 / 1000)
    .setExpirationTime(T0 / 1000 + lifetimeSeconds)
    .sign(signWith);

function verifierAt(clock: { now: number }) {
  return createTokenVerifier(
    keys.publicKey,
    { issuer: ISSUER, audience: AUDIENCE, algorithms: ["RS256"] },
    () => clock.now,
  );
}

describe("verified tokens", () => {
  it("accepts a token again from memory, and refuses it from the second it expires", async () => {
    const clock = { now: T0 };
    const verifier = verifierAt(clock);
    const t = await token(60);
    expect((await verifier.verify(t)).oid).toBe("user-1");
    clock.now = T0 + 59_999;
    expect((await verifier.verify(t)).oid).toBe("user-1");
    clock.now = T0 + 60_000;
    await expect(verifier.verify(t)).rejects.toThrow(/"exp" claim timestamp check failed/);
  });

  it("verifies in full every token it has not accepted, whatever it accepted before", async () => {
    const verifier = verifierAt({ now: T0 });
    await verifier.verify(await token(60));
    await expect(verifier.verify(await token(60, otherKeys.privateKey))).rejects.toThrow(
      /signature verification failed/,
    );
    const good = await token(60);
    const [header, payload] = good.split(".");
    await expect(verifier.verify(`${header}.${payload}.${"A".repeat(342)}`)).rejects.toThrow(
      /signature verification failed/,
    );
    await expect(verifier.verify(good)).resolves.toMatchObject({ oid: "user-1" });
  });
});
