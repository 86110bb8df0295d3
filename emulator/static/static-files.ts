import { readFile } from "node:fs/promises";
import { extname, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** Relative option paths resolve against the repository root, not the process's cwd. */
export const REPO_ROOT = fileURLToPath(new URL("..", new URL("..", import.meta.url)));

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".xml": "application/xml",
  ".resx": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

export const fromRepo = (path: string) => resolve(REPO_ROOT, path);

/**
 * Reads `relative` under `root`, refusing anything that escapes it; undefined when missing, 400 when
 * the path's percent-encoding is malformed (a client error, never a 500).
 */
export async function readStatic(root: string, relative: string): Promise<Response | undefined> {
  const base = resolve(root);
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return new Response("Malformed percent-encoding in the path.", {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  const file = resolve(base, decoded.replace(/^\/+/, ""));
  if (file !== base && !file.startsWith(base + sep)) return undefined;
  try {
    const body = await readFile(file);
    return new Response(body, {
      headers: {
        "content-type": TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
        "cache-control": "no-cache",
      },
    });
  } catch {
    return undefined;
  }
}
