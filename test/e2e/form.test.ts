import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemo, type RunningDemo } from "../../scripts/demo";
import { browserSkipReason, launchChromium } from "../support/browser";

const skip = browserSkipReason();
if (skip) console.warn(skip);
const ACCOUNTS = 300;
const artifacts = "artifacts/screenshots";

describe.skipIf(skip !== undefined)("the form in Chromium", () => {
  let demo: RunningDemo;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    demo = await startDemo({
      emulatorPort: 0,
      apiPort: 0,
      storeUrl: "sqlite::memory:",
      emulator: { accountCount: ACCOUNTS, timeScale: 0.01 },
      env: { LOG_LEVEL: "warn" },
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it("runs a sync from the button and shows Succeeded with the synced count", async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(demo.formUrl);
    await page.getByRole("button", { name: "Sync now" }).click();
    await expect.poll(() => page.getByText("Succeeded").count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(`${ACCOUNTS} synced`).count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${artifacts}/succeeded.png` });
    expect(errors).toEqual([]);
  });
});
