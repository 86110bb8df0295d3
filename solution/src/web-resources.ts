import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ZipEntry } from "./zip-writer";

/** `webresourcetype` codes this solution uses. */
export const WebResourceType = { Html: 1 } as const;

export interface WebResourceDefinition {
  /**
   * Fixed forever: the import matches an existing web resource by id, so a new id on upgrade would
   * collide with the same name installed by the previous version.
   */
  id: string;
  /** Also the file's path under `solution/web-resources/` and, after `/WebResources/`, in the zip. */
  name: string;
  displayName: string;
  description: string;
  /** Solution version that first shipped it; exports keep this value on every later version. */
  introducedVersion: string;
  type: (typeof WebResourceType)[keyof typeof WebResourceType];
}

/**
 * Served by Dataverse at `{org}/WebResources/sample_/bgsync/authredirect.html`, the same origin as
 * the model-driven app, which is what the MSAL popup flow needs (see the page itself). Register
 * that URL as a single-page-application redirect URI on the Entra app the control signs in with.
 */
export const authRedirectPage: WebResourceDefinition = {
  id: "f490c7d7-3bf8-4618-9491-88eb1e04595d",
  name: "sample_/bgsync/authredirect.html",
  displayName: "Background Sync sign-in redirect",
  description: "Blank page the MSAL sign-in popup returns to; the form reads the result and closes it.",
  introducedVersion: "0.1.0.0",
  type: WebResourceType.Html,
};

export const webResources: readonly WebResourceDefinition[] = [authRedirectPage];

/**
 * "This name can only include letters, numbers, periods, and nonconsecutive forward slash
 * characters", after the publisher prefix and its underscore (Power Apps, "Create or edit web
 * resources"). Hyphens are refused, hence `authredirect`.
 */
export function assertValidWebResourceName(name: string, prefix: string): void {
  const rest = name.startsWith(`${prefix}_`) ? name.slice(prefix.length + 1) : undefined;
  if (rest === undefined || !/^\/?[A-Za-z0-9.]+(\/[A-Za-z0-9.]+)*$/.test(rest)) {
    throw new Error(
      `web resource name ${name} must be "${prefix}_" then letters, digits, periods and single slashes`,
    );
  }
}

export async function webResourceEntries(
  resources: readonly WebResourceDefinition[],
  sourceDir: string,
  prefix: string,
): Promise<ZipEntry[]> {
  const entries: ZipEntry[] = [];
  for (const resource of resources) {
    assertValidWebResourceName(resource.name, prefix);
    entries.push({
      path: webResourceZipPath(resource),
      data: await readFile(join(sourceDir, resource.name)),
    });
  }
  return entries;
}

export function webResourceZipPath(resource: WebResourceDefinition): string {
  return `WebResources/${resource.name}`;
}
