import { createHmac, timingSafeEqual } from "node:crypto";
import type { Clock } from "../clock";

/**
 * Callback URLs are the only credential Dataverse can carry (it sends no custom headers), so they
 * are self-sufficient like an Azure SAS URL: HMAC-SHA256 over the operation id and the expiry.
 * The first key signs; every key verifies, so keys can rotate without stranding running jobs.
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
}

const mac = (secret: string, operationId: string, exp: string) =>
  createHmac("sha256", secret).update(`${operationId}\n${exp}`).digest();

export function createCallbackSigner(options: {
  keys: SigningKey[];
  ttlSeconds: number;
  publicBaseUrl: string;
  clock: Clock;
}): CallbackSigner {
  const [signingKey] = options.keys;
  if (!signingKey) throw new Error("at least one callback signing key is required");
  const secrets = options.keys.map((k) => k.secret);

  return {
    urlFor(operationId) {
      const exp = String(Math.floor(options.clock.now() / 1000) + options.ttlSeconds);
      const sig = mac(signingKey.secret, operationId, exp).toString("base64url");
      const path = `/callbacks/operations/${encodeURIComponent(operationId)}`;
      return `${options.publicBaseUrl}${path}?exp=${exp}&sig=${sig}`;
    },
    verify(operationId, exp, sig) {
      if (!exp || !/^\d{1,12}$/.test(exp) || !sig || !/^[\w-]{43}$/.test(sig)) {
        return { ok: false, reason: "malformed" };
      }
      const given = Buffer.from(sig, "base64url");
      // Check every key, without an early exit, so timing reveals neither which key matched nor where.
      let matched = false;
      for (const secret of secrets) {
        if (timingSafeEqual(mac(secret, operationId, exp), given)) matched = true;
      }
      if (!matched) return { ok: false, reason: "bad-signature" };
      if (Number(exp) * 1000 < options.clock.now()) return { ok: false, reason: "expired" };
      return { ok: true };
    },
  };
}
