/**
 * The parameters template's tokens and their expansion, pure: the control expands a template when a
 * person clicks (control/start-parameters.ts), the API when a schedule runs (server/schedules/).
 */

/** Values for the tokens of the parameters template, gathered when the run starts. */
export interface TokenValues {
  entityName: string;
  recordId: string;
  now: Date;
  /** Column values by logical name, already turned into text. */
  columns: Record<string, string | null>;
  /**
   * ISO time of the last success, or null when there is none: for a click, the end of the record's
   * last succeeded job; for a schedule, the start of its last succeeded run.
   */
  lastSuccess: string | null;
}

const TOKEN = /\{([^{}]+)\}/g;
const COLUMN = /^column:([a-z_][a-z0-9_]*)$/i;
const NAMED = new Set(["entityName", "recordId", "now", "lastSuccess"]);

/** Every token used in the template's string values (keys are left alone). */
export function templateTokens(template: Record<string, unknown>): string[] {
  const found = new Set<string>();
  visitStrings(template, (text) => {
    for (const match of text.matchAll(TOKEN)) found.add(match[1] ?? "");
  });
  return [...found];
}

export function isKnownToken(token: string): boolean {
  return NAMED.has(token) || COLUMN.test(token);
}

export function templateColumns(template: Record<string, unknown>): string[] {
  return templateTokens(template).flatMap((token) => COLUMN.exec(token)?.[1] ?? []);
}

/**
 * Replaces the tokens. A value that is exactly one token whose value is missing (no last success,
 * an empty column) is left out, so an optional Custom API input is omitted rather than sent empty.
 */
export function expandTemplate(
  template: Record<string, unknown>,
  values: TokenValues,
): Record<string, unknown> {
  const lookup = (token: string): string | null => {
    if (token === "entityName") return values.entityName;
    if (token === "recordId") return values.recordId;
    if (token === "now") return values.now.toISOString();
    if (token === "lastSuccess") return values.lastSuccess;
    const column = COLUMN.exec(token)?.[1];
    return column === undefined ? null : (values.columns[column] ?? null);
  };
  const expand = (value: unknown): unknown => {
    if (typeof value === "string") {
      const whole = /^\{([^{}]+)\}$/.exec(value);
      if (whole !== null) return lookup(whole[1] ?? "") ?? undefined;
      return value.replace(TOKEN, (_match, token: string) => lookup(token) ?? "");
    }
    if (Array.isArray(value)) return value.map(expand).filter((item) => item !== undefined);
    if (value !== null && typeof value === "object") return expandObject(value as Record<string, unknown>);
    return value;
  };
  const expandObject = (object: Record<string, unknown>): Record<string, unknown> => {
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(object)) {
      const expanded = expand(value);
      if (expanded !== undefined) result[key] = expanded;
    }
    return result;
  };
  return expandObject(template);
}

function visitStrings(value: unknown, visit: (text: string) => void): void {
  if (typeof value === "string") visit(value);
  else if (Array.isArray(value)) value.forEach((item) => visitStrings(item, visit));
  else if (value !== null && typeof value === "object")
    Object.values(value).forEach((item) => visitStrings(item, visit));
}
