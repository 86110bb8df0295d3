/**
 * `inputparameters` and `outputparameters` of a `backgroundoperation` row are JSON text: an array of
 * `{"Key": ..., "Value": ...}` (docs/dataverse.md). Anything else reads as none.
 */
export function parseKeyValueText(text: unknown): Record<string, unknown> {
  if (typeof text !== "string" || text === "") return {};
  let pairs: unknown;
  try {
    pairs = JSON.parse(text);
  } catch {
    return {};
  }
  if (!Array.isArray(pairs)) return {};
  const out: Record<string, unknown> = {};
  for (const pair of pairs as unknown[]) {
    if (pair && typeof pair === "object" && typeof (pair as { Key?: unknown }).Key === "string")
      out[(pair as { Key: string }).Key] = (pair as { Value?: unknown }).Value;
  }
  return out;
}
