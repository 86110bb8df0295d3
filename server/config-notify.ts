import { readFileSync } from "node:fs";
import { z } from "zod";
import { isLoopbackHost, urlHostname } from "./loopback";
import { hasCredentials, JOB_RECEIVER } from "./notify/receivers";

// Notification receivers in the configuration: their schema and the checks across them. Read by
// config.ts, still the only reader of the environment.

const OUTCOMES = ["succeeded", "failed", "canceled"] as const;
/** A Standard Webhooks secret: `whsec_` and the base64 of at least 24 random bytes. */
const whsec = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/, "a whsec_ secret: whsec_ and the base64 of 24+ random bytes");
/** One or two secrets: during a rotation every delivery is signed with both. */
export const secrets = z.array(whsec).min(1).max(2);
const receiverSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[\w.-]{1,64}$/, "letters, digits, '_', '.', '-'")
    .refine((name) => name !== JOB_RECEIVER, `${JOB_RECEIVER} is the per-job URL's name`),
  url: z
    .url({ protocol: /^https?$/ })
    .refine((url) => !hasCredentials(url), "no user name or password: the receiver checks the signature"),
  secrets,
  /** Custom API unique names; all when omitted. */
  customApis: z.array(z.string().min(1)).optional(),
  outcomes: z
    .array(z.enum(OUTCOMES))
    .min(1)
    .default([...OUTCOMES]),
});
/** A JSON array, or the path of a file holding one (secrets stay out of the process listing). */
export const receivers = z
  .string()
  .transform((value, ctx) => {
    try {
      return JSON.parse(value.trimStart().startsWith("[") ? value : readFileSync(value, "utf8")) as unknown;
    } catch (error) {
      ctx.addIssue({
        code: "custom",
        message: `not a JSON array or a readable JSON file (${String(error)})`,
      });
      return z.NEVER;
    }
  })
  .pipe(z.array(receiverSchema));

export function notifyProblems(n: {
  receivers: readonly { name: string; url: string }[];
  urlOrigins: readonly string[];
  urlSecrets: readonly string[];
}): string[] {
  const problems: string[] = [];
  const names = n.receivers.map((r) => r.name);
  const twice = names.filter((name, i) => names.indexOf(name) !== i);
  if (twice.length) problems.push(`NOTIFY_RECEIVERS: receiver names must be unique (${twice.join(", ")})`);
  for (const r of n.receivers)
    if (!r.url.startsWith("https://") && !isLoopbackHost(urlHostname(r.url)))
      problems.push(`NOTIFY_RECEIVERS: ${r.name} must use https (only loopback may use http)`);
  if (n.urlOrigins.length && !n.urlSecrets.length)
    problems.push("NOTIFY_URL_ORIGINS needs NOTIFY_URL_SECRETS to sign deliveries to per-job URLs");
  return problems;
}
