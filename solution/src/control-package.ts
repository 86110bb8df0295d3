import { readFile } from "node:fs/promises";
import { join, posix } from "node:path";
import { create } from "xmlbuilder2";
import { readProductionBundle, type BuildSources } from "./build-guard";
import type { XMLBuilder } from "./xml";
import type { ZipEntry } from "./zip-writer";

export interface ControlPackage {
  /** `{prefix}_{namespace}.{constructor}`: the CustomControl name and the type 66 root component. */
  schemaName: string;
  /** Path of the manifest inside the zip, with the leading slash customizations.xml uses. */
  manifestFileName: string;
  entries: ZipEntry[];
}

/** Resource elements whose `path` names a file the control ships (platform-library has none). */
const FILE_RESOURCES = new Set(["code", "css", "img", "resx", "html"]);

function controlElement(doc: XMLBuilder): XMLBuilder {
  const control = doc.find((n) => n.node.nodeName === "control", false, true);
  if (!control) throw new Error("ControlManifest.xml has no <control> element");
  return control;
}

interface WithAttributes {
  getAttribute(name: string): string | null;
}

/** xmlbuilder2 types its nodes as plain DOM `Node`; elements carry getAttribute at run time. */
function hasAttributes(node: object): node is WithAttributes {
  return typeof (node as Partial<WithAttributes>).getAttribute === "function";
}

function attribute(element: XMLBuilder, name: string): string {
  const value = hasAttributes(element.node) ? element.node.getAttribute(name) : null;
  if (!value) throw new Error(`<${element.node.nodeName}> has no ${name} attribute`);
  return value;
}

/** Manifest paths are relative to the manifest; refuse anything that would escape the control folder. */
function safeRelativePath(path: string): string {
  const normal = posix.normalize(path.replaceAll("\\", "/"));
  if (normal.startsWith("../") || normal.startsWith("/") || normal === "..") {
    throw new Error(`manifest resource path ${path} leaves the control folder`);
  }
  return normal;
}

/**
 * Reads the processed manifest that `pcf-scripts build` wrote (never the Input manifest: only the
 * processed one points at `bundle.js`), stamps the version, and collects every file it references,
 * so the zip follows whatever properties and resources the control declares at pack time.
 * Files keep their manifest-relative paths under `Controls/{schemaName}/`, which is where the
 * platform resolves them from.
 */
export async function readControlPackage(
  controlDir: string,
  prefix: string,
  version: string,
  sources: BuildSources,
): Promise<ControlPackage> {
  const doc = create(await readFile(join(controlDir, "ControlManifest.xml"), "utf8"));
  const control = controlElement(doc);
  const schemaName = `${prefix}_${attribute(control, "namespace")}.${attribute(control, "constructor")}`;
  control.att("version", version);

  const base = `Controls/${schemaName}`;
  const entries: ZipEntry[] = [];
  const resourceList = control.find((n) => n.node.nodeName === "resources");
  const resources = resourceList?.filter((n) => FILE_RESOURCES.has(n.node.nodeName)) ?? [];
  for (const resource of resources) {
    const path = safeRelativePath(attribute(resource, "path"));
    const data =
      resource.node.nodeName === "code"
        ? await readProductionBundle(join(controlDir, path), sources)
        : await readFile(join(controlDir, path));
    entries.push({ path: `${base}/${path}`, data });
  }
  if (!resources.some((r) => r.node.nodeName === "code")) {
    throw new Error("ControlManifest.xml declares no <code> resource");
  }
  const manifest = new TextEncoder().encode(doc.end({ prettyPrint: true }));
  entries.unshift({ path: `${base}/ControlManifest.xml`, data: manifest });
  return { schemaName, manifestFileName: `/${base}/ControlManifest.xml`, entries };
}
