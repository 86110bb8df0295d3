import { ConfigError, loadConfig } from "./config";
import { startServer } from "./start";

try {
  const server = await startServer(loadConfig(process.env));
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void server.close());
} catch (error) {
  // A configuration mistake is the operator's to fix: say what is wrong, without a stack trace.
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
