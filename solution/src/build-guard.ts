import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";

/**
 * Signals that a bundle came from `pcf-scripts build` (webpack `mode: "development"`), not from
 * `--buildMode production`:
 * - webpack keeps its runtime's `__webpack_require__` / `__webpack_modules__` names only when it does
 *   not minify; production mode runs Terser, which mangles these locals to one letter. This holds
 *   for any devtool, so it is the primary signal.
 * - pcf-scripts leaves webpack's default development devtool, `eval`, which wraps every module in
 *   `eval("...//# sourceURL=webpack://...")`; an inline source map has the same effect. Either
 *   would ship our TypeScript to every browser and is slow.
 */
const DEV_BUNDLE_SIGNALS: readonly { pattern: RegExp; meaning: string }[] = [
  { pattern: /\b__webpack_(?:require|modules)__\b/, meaning: "unminified webpack runtime" },
  { pattern: /sourceURL=webpack:\/\//, meaning: "eval devtool module wrappers" },
  { pattern: /sourceMappingURL=data:/, meaning: "inline source map" },
];

export function assertProductionBundle(bundleText: string, bundlePath: string): void {
  const found = DEV_BUNDLE_SIGNALS.filter((signal) => signal.pattern.test(bundleText));
  if (found.length > 0) {
    throw new Error(
      `${bundlePath} is a development bundle (${found.map((s) => s.meaning).join(", ")}); ` +
        "run `npm run build` (production mode) before packing",
    );
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

export interface BuildSources {
  /** `ControlManifest.Input.xml`. */
  manifestPath: string;
  /** The control's source folder (`control/`). */
  sourceDir: string;
}

/**
 * `pcf-scripts build` does not clean `out/`, so a bundle left over from before the latest edit to
 * the control or its manifest would be packed silently. Compare modification times.
 */
export async function assertFreshBuild(bundlePath: string, sources: BuildSources): Promise<void> {
  const built = (await stat(bundlePath)).mtimeMs;
  const inputs = [sources.manifestPath, ...(await listFiles(sources.sourceDir))];
  const newer: string[] = [];
  for (const input of inputs) {
    if ((await stat(input)).mtimeMs > built) newer.push(input);
  }
  if (newer.length > 0) {
    const shown = newer.slice(0, 3).join(", ") + (newer.length > 3 ? ` and ${newer.length - 3} more` : "");
    throw new Error(`${bundlePath} is older than ${shown}; run \`npm run build\` before packing`);
  }
}

export async function readProductionBundle(bundlePath: string, sources: BuildSources): Promise<Buffer> {
  const bundle = await readFile(bundlePath);
  assertProductionBundle(bundle.toString("utf8"), bundlePath);
  await assertFreshBuild(bundlePath, sources);
  return bundle;
}
