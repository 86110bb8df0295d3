import { loadConfig } from "./config";
import { startServer } from "./start";

const server = await startServer(loadConfig(process.env));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void server.close());
