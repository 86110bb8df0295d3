import { defineConfig } from "vitest/config";

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
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
