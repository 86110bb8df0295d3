import { CustomApiType, type CustomApiDefinition } from "../../contracts/custom-apis";
import { typeChecks } from "./parameter-types";

/**
 * Checks a job's input parameters against the Custom API's definition, reporting every problem.
 * `Cursor` belongs to the chaining engine, never to the caller. Values that are URLs must point at
 * an allowed origin: a Custom API that posts data to a caller-chosen URL is an exfiltration path.
 */

export interface ParameterProblem {
  path: string;
  message: string;
}

// WHATWG and .NET URL parsers drop leading/trailing C0 controls and spaces, and WHATWG also
// drops tabs and newlines anywhere, so " https://evil.example" and "ht\ttps://..." are URLs too.
function normalizeUrlText(v: string): string {
  let start = 0;
  let end = v.length;
  while (start < end && v.charCodeAt(start) <= 0x20) start++;
  while (end > start && v.charCodeAt(end - 1) <= 0x20) end--;
  return v.slice(start, end).replace(/[\t\n\r]/g, "");
}
// A scheme followed by a slash or backslash, or a special scheme that needs none ("https:evil.example").
const LOOKS_LIKE_URL = /^(?:[a-z][a-z0-9+.-]*:[/\\]|(?:https?|wss?|ftp|file):)/i;
const MAX_DEPTH = 32;

function urlProblem(name: string, value: string, allowedOrigins: readonly string[]): string | null {
  const text = normalizeUrlText(value);
  const looksLikeUrl = LOOKS_LIKE_URL.test(text) || /(url|uri)$/i.test(name);
  if (!looksLikeUrl || text === "") return null;
  let origin: string;
  try {
    origin = new URL(text).origin;
  } catch {
    return "must be an absolute URL";
  }
  return allowedOrigins.includes(origin) ? null : `origin ${origin} is not allowed`;
}

/**
 * Checks every string inside a value (arrays and objects included: a StringArray, an Entity's
 * attributes or an EntityCollection's records can carry URLs as well as a String can). Array items
 * are judged by their parent's name, object fields by their own.
 */
function urlProblems(
  name: string,
  path: string,
  value: unknown,
  allowedOrigins: readonly string[],
  depth = 0,
): ParameterProblem[] {
  if (typeof value === "string") {
    const message = urlProblem(name, value, allowedOrigins);
    return message ? [{ path, message }] : [];
  }
  if (typeof value !== "object" || value === null) return [];
  if (depth >= MAX_DEPTH) return [{ path, message: "is nested too deeply" }];
  if (Array.isArray(value))
    return value.flatMap((item, i) => urlProblems(name, `${path}[${i}]`, item, allowedOrigins, depth + 1));
  return Object.entries(value).flatMap(([key, item]) =>
    urlProblems(key, `${path}.${key}`, item, allowedOrigins, depth + 1),
  );
}

export const isChained = (def: CustomApiDefinition) =>
  def.requestParameters.some((p) => p.uniquename === "Cursor") &&
  def.responseProperties.some((p) => p.uniquename === "NextCursor");

/** Whether each batch gets a signed progress URL (docs/plugin-progress.md). */
export const takesProgressUrl = (def: CustomApiDefinition) =>
  def.requestParameters.some((p) => p.uniquename === "ProgressUrl" && p.type === CustomApiType.String);

export function validateParameters(
  def: CustomApiDefinition,
  parameters: Record<string, unknown>,
  allowedUrlOrigins: readonly string[],
): ParameterProblem[] {
  const problems: ParameterProblem[] = [];
  const byName = new Map(def.requestParameters.map((p) => [p.uniquename, p]));
  for (const [name, value] of Object.entries(parameters)) {
    const path = `parameters.${name}`;
    const param = byName.get(name);
    if (!param) problems.push({ path, message: `${def.uniquename} has no input parameter ${name}` });
    else if (name === "Cursor" && isChained(def))
      problems.push({ path, message: "Cursor is set by the server while chaining batches" });
    else if (name === "ProgressUrl")
      problems.push({ path, message: "ProgressUrl is set by the server for each batch" });
    else {
      const check = typeChecks[param.type];
      if (!check[1](value)) problems.push({ path, message: `must be ${check[0]}` });
      else problems.push(...urlProblems(name, path, value, allowedUrlOrigins));
    }
  }
  for (const p of def.requestParameters) {
    if (!p.isoptional && !(p.uniquename in parameters) && p.uniquename !== "ProgressUrl")
      problems.push({ path: `parameters.${p.uniquename}`, message: "is required" });
  }
  return problems;
}
