import { cp, mkdir, mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface Project {
  rootDir: string;
  controlDir: string;
  outDir: string;
  remove(): Promise<void>;
}

const REPO = join(import.meta.dirname, "..", "..");

/** A production-looking bundle: Terser output has no `__webpack_require__` and no eval wrappers. */
export const MINIFIED_BUNDLE =
  'var pcf_tools_1;(()=>{"use strict";const e={};class r{init(){}updateView(){return Reactv16.createElement("div")}}' +
  "e.BackgroundSync=r,pcf_tools_1=e})();\n" +
  "if (window.ComponentFramework && window.ComponentFramework.registerControl) {\n" +
  "\tComponentFramework.registerControl('BgSync.BackgroundSync', pcf_tools_1.BackgroundSync);\n}";

/** What `pcf-scripts build` (development mode, eval devtool) emits, abridged. */
export const DEV_BUNDLE =
  "var pcf_tools_1;\n/******/ (() => { // webpackBootstrap\n/******/ \tvar __webpack_modules__ = ({\n" +
  '"./control/index.ts"\n(__unused_webpack_module, __webpack_exports__, __webpack_require__) {\n' +
  'eval("{__webpack_require__.r(__webpack_exports__);\\n//# sourceURL=webpack://pcf_tools_1/./control/index.ts?\\n}");\n' +
  "}\n/******/ \t});\n/******/ })();\n";

/** A processed manifest shaped like pcf-scripts output, with a character that needs escaping. */
export const PROCESSED_MANIFEST = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<manifest>
  <control namespace="BgSync" constructor="BackgroundSync" version="9.9.9" display-name-key="BackgroundSync_Display_Key" description-key="Desc &amp; more" control-type="virtual" api-version="1.3.18">
    <property name="jobId" display-name-key="JobId_Display_Key" of-type="SingleLine.Text" usage="bound" required="false"/>
    <property name="apiBaseUrl" display-name-key="ApiBaseUrl_Display_Key" of-type="SingleLine.Text" usage="input" required="true"/>
    <resources>
      <code path="bundle.js" order="1"/>
      <platform-library name="React" version="16.14.0"/>
      <platform-library name="Fluent" version="9.46.2"/>
      <resx path="control/strings/BackgroundSync.1033.resx" version="1.0.0"/>
      <resx path="control/strings/BackgroundSync.1036.resx" version="1.0.0"/>
    </resources>
    <built-by name="pac" version="1.51.1"/>
  </control>
</manifest>
`;

const RESX = '<?xml version="1.0" encoding="utf-8"?>\n<root><data name="k"><value>v</value></data></root>\n';

async function put(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/** Dates every file below `dir` (recursively) at `time`, so freshness depends only on the test. */
export async function touchTree(dir: string, time: Date): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  for (const entry of entries.filter((e) => e.isFile()))
    await utimes(join(entry.parentPath, entry.name), time, time);
}

const SOURCES_TIME = new Date("2025-01-01T00:00:00Z");
const BUILD_TIME = new Date("2025-01-02T00:00:00Z");

async function finish(rootDir: string): Promise<Project> {
  await touchTree(join(rootDir, "control"), SOURCES_TIME);
  await utimes(join(rootDir, "ControlManifest.Input.xml"), SOURCES_TIME, SOURCES_TIME);
  const controlDir = join(rootDir, "out", "controls");
  await touchTree(controlDir, BUILD_TIME);
  return {
    rootDir,
    controlDir,
    outDir: join(rootDir, "dist"),
    remove: () => rm(rootDir, { recursive: true, force: true }),
  };
}

/** A synthetic, fresh production build in a temp dir: independent of the real control's state. */
export async function syntheticProject(version = "1.2.3", bundle = MINIFIED_BUNDLE): Promise<Project> {
  const rootDir = await mkdtemp(join(tmpdir(), "bgsync-pack-"));
  await put(join(rootDir, "package.json"), JSON.stringify({ name: "fixture", version }));
  await put(join(rootDir, "ControlManifest.Input.xml"), "<manifest/>");
  await put(join(rootDir, "control", "index.ts"), "export class BackgroundSync {}\n");
  await put(join(rootDir, "control", "strings", "BackgroundSync.1033.resx"), RESX);
  const controlDir = join(rootDir, "out", "controls");
  await put(join(controlDir, "ControlManifest.xml"), PROCESSED_MANIFEST);
  await put(join(controlDir, "bundle.js"), bundle);
  await put(join(controlDir, "bundle.js.LICENSE.txt"), "licenses\n");
  await put(join(controlDir, "control", "strings", "BackgroundSync.1033.resx"), RESX);
  await put(join(controlDir, "control", "strings", "BackgroundSync.1036.resx"), RESX);
  return finish(rootDir);
}

/** A temp copy of the repository's real build (`npm run build` must have run), never touching out/. */
export async function realBuildCopy(): Promise<Project> {
  const rootDir = await mkdtemp(join(tmpdir(), "bgsync-pack-real-"));
  for (const path of ["package.json", "ControlManifest.Input.xml", "control", join("out", "controls")]) {
    await cp(join(REPO, path), join(rootDir, path), { recursive: true });
  }
  return finish(rootDir);
}
