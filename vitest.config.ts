import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// test/support/test-tls.ts's TEST_CA_PATH (the config loader cannot import extensionless .ts files).
const TEST_CA_PATH = fileURLToPath(new URL("data/test-tls/ca.pem", import.meta.url));

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          environment: "node",
          include: ["test/**/*.test.ts"],
          exclude: ["test/control/**", "test/e2e/**"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "control",
          environment: "jsdom",
          include: ["test/control/**/*.test.{ts,tsx}"],
          setupFiles: ["test/support/setup-dom.ts"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "browser",
          environment: "node",
          include: ["test/e2e/**/*.test.ts"],
          // The API under test fetches keys and calls Dataverse over the emulator's HTTPS.
          globalSetup: ["test/e2e/local-ca.setup.ts"],
          env: { NODE_EXTRA_CA_CERTS: TEST_CA_PATH },
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
