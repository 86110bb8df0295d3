import { createHmac, timingSafeEqual } from "node:crypto";
import type { Clock } from "../clock";

/**
 * Callback URLs are the only credential Dataverse can carry (it sends no custom headers), so they
 * are self-sufficient like an Azure SAS URL: HMAC-SHA256 over the operation id and the expiry.
 * The first key signs; every key verifies, so keys can rotate without stranding running jobs.
 * Progress URLs (docs/plugin-progress.md) are signed the same way with a purpose suffix, so
 * neither kind of URL can stand in for the other: the expiry is digits only, so no operation id and
 * expiry of one kind can spell the signed text of the other.
 */

export interface SigningKey {
  kid: string;
  secret: string;
}

export type CallbackCheck = { ok: true } | { ok: false; reason: "malformed" | "expired" | "bad-signature" };

export interface CallbackSigner {
  /** Absolute callback URL for one operation. */
  urlFor(operationId: string): string;
  verify(operationId: string, exp: string | undefined, sig: string | undefined): CallbackCheck;
  /**
   * Absolute progress URL for one operation, valid for the TTL from `issuedAt` (the operation's
   * creation): every start of the same batch sends the same URL, so an earlier start can still be
   * recognised by its inputs (jobs/adopt.ts).
   */
  progressUrlFor(operationId: string, issuedAt: number): string;
  verifyProgress(operationId: string, exp: string | undefined, sig: string | undefined): CallbackCheck;
}

type Purpose = "callback" | "progress";

const mac = (secret: string, operationId: string, exp: string, purpose: Purpose) =>
  createHmac("sha256", secret)
    .update(purpose === "callback" ? `${operationId}\n${exp}` : `${operationId}\n${exp}\nprogress`)
    .digest();

/** The path of an operation's progress URL: adopt.ts compares it, the route serves it. */
export const progressPath = (operationId: string) =>
  `/callbacks/operations/${encodeURIComponent(operationId)}/progress`;

export function createCallbackSigner(options: {
  keys: SigningKey[];
  ttlSeconds: number;
  publicBaseUrl: string;
  clock: Clock;
}): CallbackSigner {
  const [signingKey] = options.keys;
  if (!signingKey) throw new Error("at least one callback signing key is required");
  const secrets = options.keys.map((k) => k.secret);

  const sign = (path: string, operationId: string, issuedAt: number, purpose: Purpose) => {
    const exp = String(Math.floor(issuedAt / 1000) + options.ttlSeconds);
    const sig = mac(signingKey.secret, operationId, exp, purpose).toString("base64url");
    return `${options.publicBaseUrl}${path}?exp=${exp}&sig=${sig}`;
  };
  const check = (
    operationId: string,
    exp: string | undefined,
    sig: string | undefined,
    purpose: Purpose,
  ): CallbackCheck => {
    if (!exp || !/^\d{1,12}$/.test(exp) || !sig || !/^[\w-]{43}$/.test(sig)) {
      return { ok: false, reason: "malformed" };
    }
    const given = Buffer.from(sig, "base64url");
    // Check every key, without an early exit, so timing reveals neither which key matched nor where.
    let matched = false;
    for (const secret of secrets) {
      if (timingSafeEqual(mac(secret, operationId, exp, purpose), given)) matched = true;
    }
    if (!matched) return { ok: false, reason: "bad-signature" };
    if (Number(exp) * 1000 < options.clock.now()) return { ok: false, reason: "expired" };
    return { ok: true };
  };

  return {
    urlFor: (operationId) =>
      sign(
        `/callbacks/operations/${encodeURIComponent(operationId)}`,
        operationId,
        options.clock.now(),
        "callback",
      ),
    verify: (operationId, exp, sig) => check(operationId, exp, sig, "callback"),
    progressUrlFor: (operationId, issuedAt) =>
      sign(progressPath(operationId), operationId, issuedAt, "progress"),
    verifyProgress: (operationId, exp, sig) => check(operationId, exp, sig, "progress"),
  };
}
