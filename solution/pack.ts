import { packSolution } from "./src/pack-solution";

/** `npm run pack`: package.json runs the production build first, so this packs a fresh bundle. */
try {
  const result = await packSolution({ rootDir: process.cwd() });
  console.log(`packed BackgroundSync ${result.version}:\n  ${result.unmanagedPath}\n  ${result.managedPath}`);
} catch (error) {
  console.error(`pack refused: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
