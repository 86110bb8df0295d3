import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { zipSync, type Zippable } from "fflate";

export interface ZipEntry {
  /** Forward slashes, no leading slash: the solution import resolves `/Controls/...` against these. */
  path: string;
  data: Uint8Array;
}

/** Fixed so that two packs of the same inputs give identical zips (fflate's default is "now"). */
const ENTRY_TIME = new Date("2020-01-01T00:00:00Z");

/**
 * Writes only file entries: fflate's flat `{ "a/b.xml": data }` form creates no directory entries,
 * which the solution import does not expect. Every entry is deflated (level 6).
 */
export function zipBytes(entries: readonly ZipEntry[]): Uint8Array {
  const files: Zippable = {};
  for (const entry of entries) {
    if (entry.path.includes("\\") || entry.path.startsWith("/") || entry.path.endsWith("/")) {
      throw new Error(`invalid zip entry name ${entry.path}`);
    }
    if (entry.path in files) throw new Error(`duplicate zip entry ${entry.path}`);
    files[entry.path] = [entry.data, { level: 6, mtime: ENTRY_TIME }];
  }
  return zipSync(files);
}

export async function writeZip(path: string, entries: readonly ZipEntry[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, zipBytes(entries));
}
