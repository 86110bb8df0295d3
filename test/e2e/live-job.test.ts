import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startDemo, type RunningDemo } from "../../scripts/demo";
import { browserSkipReason, launchChromium } from "../support/browser";
import { openForm, seriousA11yViolations, shownStatus, waitForStatus } from "../support/form-page";

const skip = browserSkipReason();
const ACCOUNTS = 3000;
const artifacts = "artifacts/screenshots";

// Slow enough that a person could watch: 1,000 accounts per batch, about a second per batch.
describe.skipIf(skip !== undefined)("a chained job watched from the form", () => {
  let demo: RunningDemo;
  let browser: Browser;
  let record = 0;
  const formFor = () => `${demo.formUrl}?id=${demo.emulator.accounts[record++]!.accountid}`;
  const admin = (path: string, init?: RequestInit) => fetch(`${demo.emulator.url}/_emulator${path}`, init);
  const erp = async () => (await (await admin("/erp")).json()) as { uniqueCount: number };

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    demo = await startDemo({
      emulatorPort: 0,
      apiPort: 0,
      storeUrl: "sqlite::memory:",
      emulator: { accountCount: ACCOUNTS, timeScale: 0.25, engine: { backoffBaseMs: 200 } },
      env: { LOG_LEVEL: "warn" },
    });
    browser = await launchChromium();
  });
  beforeEach(async () => {
    await admin("/reset", { method: "POST" });
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it("shows progress batch by batch, and a reload reconnects to the running job", async () => {
    const { page, errors } = await openForm(browser, formFor());
    await page.getByRole("button", { name: "Sync now" }).click();
    await waitForStatus(page, "running");
    await expect.poll(() => page.getByTestId("bgsync-progress").textContent()).toMatch(/of 3,000 records/);
    expect(
      Number(await page.getByTestId("bgsync-progressbar").getAttribute("aria-valuenow")),
    ).toBeGreaterThan(0);
    await page.screenshot({ path: `${artifacts}/running.png` });
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.reload();
    await page.locator("body[data-ready=true]").waitFor();
    expect(["running", "succeeded"]).toContain(await shownStatus(page));
    await waitForStatus(page, "succeeded");
    await expect.poll(() => page.getByTestId("bgsync-summary").textContent()).toMatch(/3,000 synced/);
    expect((await erp()).uniqueCount).toBe(ACCOUNTS);
    expect(errors).toEqual([]);
  });

  it("lets two pages watch one job to the end", async () => {
    const url = formFor();
    const first = await openForm(browser, url);
    await first.page.getByRole("button", { name: "Sync now" }).click();
    await waitForStatus(first.page, "queued");
    // The same browser profile: the second page finds the job id the form saved, as a reopened record does.
    const second = await openForm(browser, url);
    expect(["queued", "running"]).toContain(await shownStatus(second.page));
    await Promise.all([waitForStatus(first.page, "succeeded"), waitForStatus(second.page, "succeeded")]);
    expect(await second.page.getByTestId("bgsync-summary").textContent()).toMatch(/3,000 synced/);
  });

  it("cancels between batches, then resumes from where it stopped", async () => {
    const { page } = await openForm(browser, formFor());
    await page.getByRole("button", { name: "Sync now" }).click();
    await waitForStatus(page, "running");
    await page.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => page.getByTestId("bgsync-cancel-note").count()).toBeGreaterThan(0);
    await waitForStatus(page, "canceled");
    await page.screenshot({ path: `${artifacts}/canceled.png` });
    expect((await erp()).uniqueCount).toBeLessThan(ACCOUNTS);

    await page.getByRole("button", { name: "Resume" }).click();
    await waitForStatus(page, "succeeded");
    expect((await erp()).uniqueCount).toBe(ACCOUNTS);
  });

  it("shows a failed batch with its Dataverse error, then resumes to completion", async () => {
    const { page } = await openForm(browser, formFor());
    await page.getByRole("button", { name: "Sync now" }).click();
    await waitForStatus(page, "running");
    // Every run of the next batch fails, Dataverse's three retries included.
    await admin("/faults", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ plugin: { fail: 4, failMessage: "ERP credentials expired" } }),
    });
    await waitForStatus(page, "failed");
    const error = await page.getByTestId("bgsync-error").textContent();
    expect(error).toContain("ERP credentials expired");
    expect(error).toContain("0x80040265");
    await page.screenshot({ path: `${artifacts}/failed.png` });
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Resume" }).click();
    await waitForStatus(page, "succeeded");
    expect((await erp()).uniqueCount).toBe(ACCOUNTS);
  });
});
