import { readFileSync } from "node:fs";

/**
 * The product's one version, from package.json: the OpenAPI document says it, the packer stamps it on
 * the control and the solution, and test/server/version.test.ts holds the manifest to it.
 */
export const VERSION = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;
