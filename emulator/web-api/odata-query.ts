/**
 * The slice of OData query options the emulator understands: `$filter` with eq/ne/gt/ge/lt/le joined
 * by `and`, `$select`, `$orderby`, `$top`. Anything else is refused rather than silently ignored, so a
 * client never relies on a query that real Dataverse would treat differently.
 */
export class ODataQueryError extends Error {}

type Literal = string | number | boolean | null;
export interface Clause {
  field: string;
  op: "eq" | "ne" | "gt" | "ge" | "lt" | "le";
  value: Literal;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/;

function parseLiteral(text: string): Literal {
  if (/^'(?:[^']|'')*'$/.test(text)) return text.slice(1, -1).replace(/''/g, "'");
  if (text === "null") return null;
  if (text === "true" || text === "false") return text === "true";
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (ISO_DATE.test(text) || /^[0-9a-f-]{36}$/i.test(text)) return text;
  throw new ODataQueryError(`Unsupported literal '${text}' in $filter.`);
}

export function parseFilter(filter: string | undefined, fields: readonly string[]): Clause[] {
  if (!filter) return [];
  return filter.split(/\s+and\s+(?=(?:[^']*'[^']*')*[^']*$)/i).map((part) => {
    const m = /^\(?\s*(\w+)\s+(eq|ne|gt|ge|lt|le)\s+(.+?)\s*\)?$/i.exec(part.trim());
    if (!m) throw new ODataQueryError(`Unsupported $filter expression '${part.trim()}'.`);
    const field = (m[1] as string).toLowerCase();
    if (!fields.includes(field)) throw new ODataQueryError(`Could not find a property named '${field}'.`);
    return { field, op: (m[2] as string).toLowerCase() as Clause["op"], value: parseLiteral(m[3] as string) };
  });
}

function compare(a: unknown, b: Literal): number {
  if (a === null || a === undefined || b === null) return a === b || (a ?? null) === b ? 0 : NaN;
  if (typeof a === "string" && typeof b === "string" && ISO_DATE.test(a) && ISO_DATE.test(b))
    return Date.parse(a) - Date.parse(b);
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase().localeCompare(b.toLowerCase());
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return a === b ? 0 : NaN;
  return NaN;
}

export function matchesFilter(row: Record<string, unknown>, clauses: Clause[]): boolean {
  return clauses.every(({ field, op, value }) => {
    const d = compare(row[field], value);
    if (op === "ne") return !(d === 0);
    if (Number.isNaN(d)) return false;
    return { eq: d === 0, gt: d > 0, ge: d >= 0, lt: d < 0, le: d <= 0 }[op];
  });
}

export function parseSelect(select: string | undefined, fields: readonly string[]): string[] | undefined {
  if (!select) return undefined;
  const names = select.split(",").map((s) => s.trim().toLowerCase());
  const unknown = names.find((n) => !fields.includes(n));
  if (unknown) throw new ODataQueryError(`Could not find a property named '${unknown}' on type.`);
  return names;
}

export function parseOrderBy(orderby: string | undefined, fields: readonly string[]) {
  if (!orderby) return [];
  return orderby.split(",").map((part) => {
    const [field = "", dir = "asc"] = part.trim().split(/\s+/);
    if (!fields.includes(field.toLowerCase()))
      throw new ODataQueryError(`Could not find a property named '${field}'.`);
    if (!/^(asc|desc)$/i.test(dir)) throw new ODataQueryError(`Invalid $orderby direction '${dir}'.`);
    return { field: field.toLowerCase(), desc: dir.toLowerCase() === "desc" };
  });
}

export function sortRows<T extends Record<string, unknown>>(
  rows: T[],
  order: { field: string; desc: boolean }[],
) {
  return [...rows].sort((a, b) => {
    for (const { field, desc } of order) {
      const d = compare(a[field], (b[field] ?? null) as Literal);
      if (d) return desc ? -d : d;
    }
    return 0;
  });
}

export function parseTop(top: string | undefined): number | undefined {
  if (top === undefined) return undefined;
  if (!/^\d+$/.test(top) || Number(top) < 1) throw new ODataQueryError(`Invalid $top value '${top}'.`);
  return Number(top);
}

/** Keeps the selected columns and every annotation (`@odata.etag`, formatted values). */
export function project(row: Record<string, unknown>, select: string[] | undefined, key: string) {
  if (!select) return row;
  return Object.fromEntries(
    Object.entries(row).filter(
      ([k]) => k === key || k.startsWith("@") || select.includes(k.split("@")[0] as string),
    ),
  );
}
