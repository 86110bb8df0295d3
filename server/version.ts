import packageJson from "../package.json" with { type: "json" };

/**
 * The product's one version, from package.json: the OpenAPI document says it, the packer stamps it on
 * the control and the solution, and test/server/version.test.ts holds the manifest to it. Imported,
 * not read at run time, so the esbuild bundle (out/server/main.js) carries it too.
 */
export const VERSION: string = packageJson.version;
