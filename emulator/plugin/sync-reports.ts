import type { PluginContext } from "./plugin";

/**
 * What the sample plug-in tells besides its counts: progress while it runs (ProgressUrl,
 * docs/plugin-progress.md) and which records the external system rejected (FailedRecords).
 */

/** A progress post may take this long; it is a hint, never a reason to slow or fail the sync. */
const PROGRESS_TIMEOUT_MS = 2000;
/** The companion API keeps 500 per job; naming more in one run only makes the output larger. */
export const MAX_FAILED_RECORDS = 500;

export interface FailedRecord {
  id: string;
  name?: string;
  reason: string;
}

/**
 * POSTs {done, total} to the progress URL when the caller passed one. Failures are ignored: a
 * plug-in must finish its batch whether or not anyone is watching.
 */
export async function reportProgress(
  ctx: PluginContext,
  url: string | undefined,
  done: number,
  total: number,
): Promise<void> {
  if (!url) return;
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ done, total }),
      signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(PROGRESS_TIMEOUT_MS)]),
    });
    await res.body?.cancel();
  } catch {
    // Unreachable, slow or refused: the batch's outputs still carry the real counts.
  }
}

/** The rejected records of one ERP answer, with the account's name for people to recognise it. */
export function rejectedRecords(
  rejected: unknown,
  nameOf: (id: string) => string | undefined,
): FailedRecord[] {
  if (!Array.isArray(rejected)) return [];
  return rejected.flatMap((item: unknown) => {
    const { id, reason } = (item ?? {}) as { id?: unknown; reason?: unknown };
    if (typeof id !== "string") return [];
    const name = nameOf(id);
    return [{ id, ...(name ? { name } : {}), reason: typeof reason === "string" ? reason : "Rejected." }];
  });
}

/** The RecordIds input as a set of lower-case ids, or undefined for every record. */
export function recordIds(value: unknown): ReadonlySet<string> | undefined {
  if (!Array.isArray(value)) return undefined;
  return new Set(value.filter((v): v is string => typeof v === "string").map((v) => v.toLowerCase()));
}
