import { readFileSync } from "node:fs";
import { join } from "node:path";

// vitest runs from the repository root; jsdom's URL cannot resolve import.meta.url to a file path.
const STRINGS_DIR = join(process.cwd(), "control/strings/");

/** The control's real resx strings, so tests read what users read. */
export function readResx(lcid: number): Map<string, string> {
  const xml = readFileSync(`${STRINGS_DIR}BackgroundSync.${lcid}.resx`, "utf8");
  const strings = new Map<string, string>();
  for (const match of xml.matchAll(/<data name="([^"]+)"[^>]*>\s*<value>([\s\S]*?)<\/value>/g)) {
    strings.set(match[1] ?? "", unescapeXml(match[2] ?? ""));
  }
  return strings;
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}
