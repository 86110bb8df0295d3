import { packSolution } from "./src/pack-solution";

/** `npm run pack`: builds run first (package.json), so this packs the fresh production bundle. */
const result = await packSolution({ rootDir: process.cwd() });
console.log(`packed BackgroundSync ${result.version}:\n  ${result.unmanagedPath}\n  ${result.managedPath}`);
