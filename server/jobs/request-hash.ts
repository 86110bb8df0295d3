import { createHash } from "node:crypto";
import type { JobInput } from "./commands";

const sha256 = (text: string) => createHash("sha256").update(text).digest("base64url");

/** Objects with their keys in one order, at any depth, so equal values serialize alike. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortedKeys((value as Record<string, unknown>)[k])]),
  );
}

/**
 * What an Idempotency-Key remembers of its start: the request's meaning, not its spelling. The same
 * start with its JSON keys in another order, the record's GUID in upper case, or a default spelled
 * out (`allowConcurrent: false`) is a retry and gets its job back, not a 422.
 */
export function requestHash(input: JobInput): string {
  const meaning = {
    customApi: input.customApi,
    parameters: sortedKeys(input.parameters),
    target: { entity: input.target.entity, id: input.target.id.toLowerCase() },
    notifyUrl: input.notifyUrl ?? null,
    allowConcurrent: input.allowConcurrent === true,
    scheduleId: input.scheduleId ?? null,
  };
  return sha256(JSON.stringify(meaning));
}

/**
 * Whether `stored` is this start's hash. Keys stored by 0.2.0 and before hold the hash of the
 * request as parsed, spelling and all: a retry that spans the upgrade still finds its job.
 */
export function isSameRequest(stored: string | null, input: JobInput): boolean {
  return stored === requestHash(input) || stored === sha256(JSON.stringify(input));
}
