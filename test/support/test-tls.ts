import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The browser tests' own local CA and certificate (not the demo's data/tls). */
export const TEST_TLS_DIR = resolve(fileURLToPath(new URL("../..", import.meta.url)), "data/test-tls");
export const TEST_CA_PATH = join(TEST_TLS_DIR, "ca.pem");
