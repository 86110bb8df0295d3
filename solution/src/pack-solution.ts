import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { contentTypesEntry } from "./content-types";
import { readControlPackage } from "./control-package";
import { customApiEntries } from "./custom-api-xml";
import { customApis } from "../../contracts/custom-apis";
import { customizationsXml } from "./customizations-xml";
import { environmentVariableEntries, environmentVariables } from "./environment-variables";
import { publisher, solution, versionsFrom } from "./solution-info";
import { ComponentType, solutionXml } from "./solution-xml";
import { webResourceEntries, webResources } from "./web-resources";
import { writeZip, type ZipEntry } from "./zip-writer";

export interface PackOptions {
  /** Holds `package.json`, `ControlManifest.Input.xml` and the control sources in `control/`. */
  rootDir: string;
  /** The production build (`out/controls`). */
  controlDir?: string;
  /** Where the zips go (`dist`). */
  outDir?: string;
  /** Web resource sources; defaults to this repository's `solution/web-resources`. */
  webResourcesDir?: string;
}

export interface PackResult {
  version: string;
  unmanagedPath: string;
  managedPath: string;
}

const DEFAULT_WEB_RESOURCES_DIR = fileURLToPath(new URL("../web-resources", import.meta.url));

async function packageVersion(rootDir: string): Promise<string> {
  const json = JSON.parse(await readFile(join(rootDir, "package.json"), "utf8")) as { version?: unknown };
  if (typeof json.version !== "string") throw new Error("package.json has no version");
  return json.version;
}

/**
 * Writes the unmanaged and the managed solution zip. They differ only in `<Managed>`: a managed
 * solution is the same package with the flag that makes its components read-only layers.
 * Everything is read and checked before either zip is written, so a refusal leaves `outDir` alone.
 */
export async function packSolution(options: PackOptions): Promise<PackResult> {
  const { rootDir } = options;
  const controlDir = options.controlDir ?? join(rootDir, "out", "controls");
  const outDir = options.outDir ?? join(rootDir, "dist");
  const versions = versionsFrom(await packageVersion(rootDir));
  const prefix = publisher.customizationPrefix;

  const control = await readControlPackage(controlDir, prefix, versions.control, {
    manifestPath: join(rootDir, "ControlManifest.Input.xml"),
    sourceDir: join(rootDir, "control"),
  });
  const resources = await webResourceEntries(
    webResources,
    options.webResourcesDir ?? DEFAULT_WEB_RESOURCES_DIR,
    prefix,
  );
  const rootComponents = [
    { type: ComponentType.CustomControl, schemaName: control.schemaName },
    ...webResources.map((r) => ({ type: ComponentType.WebResource, schemaName: r.name })),
    ...environmentVariables.map((v) => ({
      type: ComponentType.EnvironmentVariableDefinition,
      schemaName: v.schemaName,
    })),
  ];
  const content: ZipEntry[] = [
    {
      path: "customizations.xml",
      data: customizationsXml({ control, webResources }),
    },
    ...control.entries,
    ...customApis.flatMap(customApiEntries),
    ...environmentVariables.flatMap(environmentVariableEntries),
    ...resources,
  ];
  const zipFor = (managed: boolean): ZipEntry[] => {
    const files = [
      { path: "solution.xml", data: solutionXml({ version: versions.solution, managed, rootComponents }) },
      ...content,
    ];
    return [contentTypesEntry(files), ...files];
  };

  const base = join(outDir, `${solution.uniqueName}_${versions.semver}`);
  const result = {
    version: versions.semver,
    unmanagedPath: `${base}.zip`,
    managedPath: `${base}_managed.zip`,
  };
  await writeZip(result.unmanagedPath, zipFor(false));
  await writeZip(result.managedPath, zipFor(true));
  return result;
}
