import { describe, expect, it } from "vitest";
import { createCallbackSigner } from "../../server/callbacks/signing";
import { fakeClock } from "./support/harness";

const k1 = { kid: "k1", secret: "first-secret-0123456789" };
const k2 = { kid: "k2", secret: "second-secret-0123456789" };
const OP = "6d0c2e4a-1111-4222-8333-444455556666";

function parts(url: string) {
  const u = new URL(url);
  return {
    path: u.pathname,
    exp: u.searchParams.get("exp") ?? undefined,
    sig: u.searchParams.get("sig") ?? undefined,
  };
}

describe("callback URL signing", () => {
  const clock = fakeClock();
  const signer = createCallbackSigner({
    keys: [k1, k2],
    ttlSeconds: 3600,
    publicBaseUrl: "https://api.example",
    clock,
  });

  it("builds a self-sufficient URL that verifies", () => {
    const url = signer.urlFor(OP);
    const { path, exp, sig } = parts(url);
    expect(url.startsWith(`https://api.example/callbacks/operations/${OP}?exp=`)).toBe(true);
    expect(path).toBe(`/callbacks/operations/${OP}`);
    expect(Number(exp)).toBe(Math.floor(clock.now() / 1000) + 3600);
    expect(signer.verify(OP, exp, sig)).toEqual({ ok: true });
  });

  it("signs progress URLs apart: the same URL for every start of a batch, never valid as a callback", () => {
    const issuedAt = clock.now() - 1000;
    const url = signer.progressUrlFor(OP, issuedAt);
    expect(signer.progressUrlFor(OP, issuedAt)).toBe(url);
    const { path, exp, sig } = parts(url);
    expect(path).toBe(`/callbacks/operations/${OP}/progress`);
    expect(Number(exp)).toBe(Math.floor(issuedAt / 1000) + 3600);
    expect(signer.verifyProgress(OP, exp, sig)).toEqual({ ok: true });
    expect(signer.verify(OP, exp, sig)).toEqual({ ok: false, reason: "bad-signature" });
    const callback = parts(signer.urlFor(OP));
    expect(signer.verifyProgress(OP, callback.exp, callback.sig)).toEqual({
      ok: false,
      reason: "bad-signature",
    });
    const old = parts(signer.progressUrlFor(OP, clock.now() - 3601_000));
    expect(signer.verifyProgress(OP, old.exp, old.sig)).toEqual({ ok: false, reason: "expired" });
  });

  it("rejects a signature moved to another operation, a changed expiry or a tampered signature", () => {
    const { exp, sig } = parts(signer.urlFor(OP));
    expect(signer.verify(OP.replace("6666", "6667"), exp, sig)).toEqual({
      ok: false,
      reason: "bad-signature",
    });
    expect(signer.verify(OP, String(Number(exp) + 1), sig)).toEqual({ ok: false, reason: "bad-signature" });
    const flipped = (sig![0] === "A" ? "B" : "A") + sig!.slice(1);
    expect(signer.verify(OP, exp, flipped)).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("rejects missing or malformed parameters", () => {
    const { exp, sig } = parts(signer.urlFor(OP));
    expect(signer.verify(OP, undefined, sig).ok).toBe(false);
    expect(signer.verify(OP, exp, undefined).ok).toBe(false);
    expect(signer.verify(OP, "12x", sig)).toEqual({ ok: false, reason: "malformed" });
    expect(signer.verify(OP, exp, "short")).toEqual({ ok: false, reason: "malformed" });
  });

  it("rejects an expired URL", () => {
    const local = fakeClock();
    const s = createCallbackSigner({
      keys: [k1],
      ttlSeconds: 60,
      publicBaseUrl: "https://api.example",
      clock: local,
    });
    const { exp, sig } = parts(s.urlFor(OP));
    local.advance(60_000);
    expect(s.verify(OP, exp, sig)).toEqual({ ok: true });
    local.advance(1000);
    expect(s.verify(OP, exp, sig)).toEqual({ ok: false, reason: "expired" });
  });

  it("keeps verifying URLs signed with a retired key during rotation", () => {
    const old = createCallbackSigner({
      keys: [k2],
      ttlSeconds: 3600,
      publicBaseUrl: "https://api.example",
      clock,
    });
    const { exp, sig } = parts(old.urlFor(OP));
    expect(signer.verify(OP, exp, sig)).toEqual({ ok: true });
    const rotatedOut = createCallbackSigner({
      keys: [k1],
      ttlSeconds: 3600,
      publicBaseUrl: "https://api.example",
      clock,
    });
    expect(rotatedOut.verify(OP, exp, sig)).toEqual({ ok: false, reason: "bad-signature" });
  });
});
