import { loadOrCreateTls } from "../../emulator/tls/local-ca";
import { TEST_TLS_DIR } from "../support/test-tls";

/**
 * Creates the test CA before any test process starts: Node reads NODE_EXTRA_CA_CERTS (set for the
 * browser tests in vitest.config.ts) only when a process starts.
 */
export default async function setup(): Promise<void> {
  await loadOrCreateTls(TEST_TLS_DIR);
}
