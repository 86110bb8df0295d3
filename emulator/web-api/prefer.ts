/**
 * Parses an RFC 7240 Prefer header: comma-separated preferences, each `name[=value]` with `;`
 * parameters; quoted strings may contain commas and semicolons (a callback URL's query string).
 */
export interface Preference {
  name: string;
  value: string | undefined;
  params: Record<string, string>;
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  let escaped = false;
  for (const ch of text) {
    // RFC 7230 quoted-pair: inside quotes, a backslash takes the next character literally.
    if (escaped) escaped = false;
    else if (quoted && ch === "\\") escaped = true;
    else if (ch === '"') quoted = !quoted;
    if (ch === separator && !quoted) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== "");
}

const unquote = (v: string) =>
  v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1).replace(/\\(.)/g, "$1") : v;

function parseToken(token: string): [string, string | undefined] {
  const eq = token.indexOf("=");
  if (eq < 0) return [token.trim().toLowerCase(), undefined];
  return [token.slice(0, eq).trim().toLowerCase(), unquote(token.slice(eq + 1).trim())];
}

export function parsePrefer(headers: (string | undefined)[]): Preference[] {
  return headers
    .flatMap((h) => (h ? splitOutsideQuotes(h, ",") : []))
    .map((pref) => {
      const [head = "", ...rest] = splitOutsideQuotes(pref, ";");
      const [name, value] = parseToken(head);
      return { name, value, params: Object.fromEntries(rest.map(parseToken).map(([k, v]) => [k, v ?? ""])) };
    });
}

export interface AsyncPreference {
  respondAsync: boolean;
  callbackUrl: string | undefined;
}

export function readAsyncPreference(header: string | undefined): AsyncPreference {
  const prefs = parsePrefer([header]);
  return {
    respondAsync: prefs.some((p) => p.name === "respond-async"),
    callbackUrl: prefs.find((p) => p.name === "odata.callback")?.params.url,
  };
}

const annotationPattern = (header: string | undefined) =>
  parsePrefer([header]).find((p) => p.name === "odata.include-annotations")?.value;

/** The Preference-Applied value echoing an honored `odata.include-annotations` preference. */
export const appliedAnnotations = (header: string | undefined) =>
  `odata.include-annotations="${annotationPattern(header) ?? ""}"`;

/** `odata.include-annotations="..."` asks for formatted values when its pattern covers them. */
export function wantsFormattedValues(header: string | undefined): boolean {
  const pattern = annotationPattern(header);
  if (!pattern) return false;
  return pattern.split(",").some((p) => {
    const t = p.trim();
    return (
      t === "*" || t === "OData.Community.Display.V1.*" || t === "OData.Community.Display.V1.FormattedValue"
    );
  });
}
