import type { Config } from "../config";

/** Who hears about a finished job: the configured receivers, and the job's own `notifyUrl`. */

export type Receiver = Config["notify"]["receivers"][number];
export type Outcome = Receiver["outcomes"][number];

/** The receiver name outbox rows carry for a job's own `notifyUrl`. */
export const JOB_RECEIVER = "notifyUrl";

/**
 * A URL with a user name or password is never delivered to: fetch refuses it (WHATWG Fetch), and
 * the error would repeat them in the outbox and the log. Receivers check the signature instead.
 */
export function hasCredentials(url: string): boolean {
  const u = new URL(url);
  return u.username !== "" || u.password !== "";
}

/** The secrets that sign a row's deliveries; undefined when its receiver is no longer configured. */
export function secretsFor(notify: Config["notify"], receiver: string): readonly string[] | undefined {
  if (receiver === JOB_RECEIVER) return notify.urlSecrets.length ? notify.urlSecrets : undefined;
  return notify.receivers.find((r) => r.name === receiver)?.secrets;
}

export const wants = (r: Receiver, customApi: string, outcome: Outcome) =>
  r.outcomes.includes(outcome) && (!r.customApis || r.customApis.includes(customApi));

/**
 * A URL fit for logs and the admin API: a Power Automate trigger URL carries its own credential
 * (`sig`), which must not leave the configuration.
 */
export function redactUrl(url: string): string {
  const u = new URL(url);
  for (const key of [...u.searchParams.keys()])
    if (/^(sig|code|token|key|secret)$/i.test(key)) u.searchParams.set(key, "redacted");
  u.username = "";
  u.password = "";
  return u.toString();
}
