/**
 * Parts joined as a screen reader should pause between them: a stop after each, unless the part
 * already ends in one (or in a colon that introduces what follows). Empty parts are left out.
 */
export function sentences(parts: readonly (string | null)[]): string {
  const kept = parts.filter((part): part is string => part !== null && part !== "");
  const stopped = (part: string, i: number) =>
    i === kept.length - 1 || /[.:!?]$/.test(part) ? part : `${part}.`;
  return kept.map(stopped).join(" ");
}
