// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import powerApps from "@microsoft/eslint-plugin-power-apps";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "out/",
      "obj/",
      "dist/",
      "generated/",
      "artifacts/",
      "emulator/form-host/vendor/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ["./tsconfig.node.json"], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["control/**/*.{ts,tsx}", "test/control/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks, "@microsoft/power-apps": powerApps },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...powerApps.configs.paCheckerHosted.rules,
    },
  },
  // The architecture's boundaries (docs/architecture.md): the control, the API and the emulator
  // share only contracts/; none imports another's code.
  ...[
    ["control", ["server", "emulator", "solution"]],
    ["server", ["control", "emulator", "solution"]],
    ["emulator", ["control", "server", "solution"]],
  ].map(([folder, others]) => ({
    files: [`${folder}/**/*.{ts,tsx}`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: `^(\\.\\./)+(${[...others].join("|")})(/|$)`,
              message: `${folder}/ may import only its own modules and contracts/ (docs/architecture.md).`,
            },
          ],
        },
      ],
    },
  })),
  // Plain browser scripts and config files: no TypeScript project to type-check them against.
  { files: ["**/*.js"], ...tseslint.configs.disableTypeChecked },
  {
    files: ["emulator/form-host/**/*.js"],
    languageOptions: {
      globals: Object.fromEntries(
        [
          "window",
          "document",
          "fetch",
          "console",
          "location",
          "localStorage",
          "navigator",
          "DOMParser",
          "URLSearchParams",
          "setTimeout",
          "clearTimeout",
          "Intl",
          "Headers",
          "URL",
        ].map((name) => [name, "readonly"]),
      ),
    },
  },
);
