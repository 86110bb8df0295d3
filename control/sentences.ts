/**
 * Parts joined as a screen reader should pause between them: a stop after each, unless the part
 * already ends in one (or in a colon that introduces what follows). Empty parts are left out.
 */
export function sentences(parts: readonly (string | null)[]): string {
  return parts
    .filter((part): part is string => part !== null && part !== "")
    .reduce(
      (text, part) => (text === "" || /[.:!?]$/.test(text) ? `${text} ${part}` : `${text}. ${part}`),
      "",
    )
    .trimStart();
}
