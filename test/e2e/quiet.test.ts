import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { browserSkipReason } from "../support/browser";
import { emulatorAdmin } from "../support/emulator-admin";
import { checkState, openForm, startBrowserDemo, waitForStatus } from "../support/form-page";

const skip = browserSkipReason();
const ACCOUNTS = 3000;

/** The id of the job the page's next start creates, read off the API's answer. */
function nextStartedJob(page: Page): Promise<string> {
  return page
    .waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/api/jobs")
    .then(async (response) => ((await response.json()) as { id: string }).id);
}

/** Every ARIA id reference on the page whose target does not exist ("attr -> id"). */
const danglingAriaRefs = (page: Page) =>
  page.evaluate(() =>
    ["aria-labelledby", "aria-describedby", "aria-controls"].flatMap((attr) =>
      [...document.querySelectorAll(`[${attr}]`)].flatMap((el) =>
        (el.getAttribute(attr) ?? "")
          .split(/\s+/)
          .filter((id) => id !== "" && document.getElementById(id) === null)
          .map((id) => `${attr} -> ${id}`),
      ),
    ),
  );

/** Issue 14, item 11: what a healthy sync does not need to say, and a history that reads at a glance. */
describe.skipIf(skip !== undefined)("less noise on the form, in Chromium", () => {
  let env: Awaited<ReturnType<typeof startBrowserDemo>>;
  let emulator: ReturnType<typeof emulatorAdmin>;
  let record = 0;
  const formFor = (query = "") =>
    `${env.demo.formUrl}?id=${env.demo.emulator.accounts[record++]!.accountid}${query}`;

  beforeAll(async () => {
    env = await startBrowserDemo({ accountCount: ACCOUNTS, timeScale: 0.25, engine: { backoffBaseMs: 200 } });
    emulator = emulatorAdmin(env.demo.emulator.url);
  });
  beforeEach(async () => {
    await emulator.reset();
  });
  afterAll(() => env?.close());

  it("a healthy sync shows its progress once, with no connection, batch or cancel notes", async () => {
    const { page, errors } = await openForm(env.browser, formFor());
    await emulator.holdRuns();
    const started = nextStartedJob(page);
    await page.getByRole("button", { name: "Sync all records" }).click();
    const jobId = await started;
    await waitForStatus(page, "running");
    // Batch 1 ends; batch 2 waits at its start: the job is surely mid-way, and healthy.
    await emulator.releaseRuns(1);
    const progress = page.getByTestId("bgsync-progress");
    await expect
      .poll(() => progress.textContent(), { timeout: 60_000 })
      .toMatch(/^[1-9][\d,]* of 3,000 records \(\d+%\)$/);
    await expect.poll(emulator.heldRuns, { timeout: 60_000 }).toBe(1);

    const control = page.getByTestId("bgsync-root");
    expect(await page.getByTestId("bgsync-connection").count()).toBe(0);
    expect(await control.innerText()).not.toMatch(/Live updates|\bbatch \d/i);
    expect(await page.getByTestId("bgsync-cancel-note").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Cancel", exact: true }).count()).toBe(1);
    // The job shows once: in the status, not again as the history's first row.
    expect(await page.locator(`[data-testid=bgsync-history] [data-job-id="${jobId}"]`).count()).toBe(0);
    expect(await control.innerText()).toContain("No earlier syncs started from this record.");
    await checkState(page, "quiet-running");

    await emulator.releaseRuns();
    await waitForStatus(page, "succeeded");
    expect(await page.locator(`[data-job-id="${jobId}"]`).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("history: a count, Show more, why a sync failed, and a heading under the form's section", async () => {
    const { page, errors } = await openForm(env.browser, formFor("&p.historyRows=2"));
    const sync = page.getByRole("button", { name: "Sync all records" });
    await sync.click();
    await waitForStatus(page, "succeeded");

    // The second sync fails at batch 1, every attempt (three retries included).
    await emulator.holdRuns();
    await sync.click();
    await waitForStatus(page, "running");
    await emulator.faults({ plugin: { fail: 4, failMessage: "ERP credentials expired", hold: false } });
    await waitForStatus(page, "failed");
    expect(await danglingAriaRefs(page)).toEqual([]);
    // Nothing went through, so the one way on is Retry (a new job), which now succeeds.
    await page.getByRole("button", { name: "Retry" }).click();
    await waitForStatus(page, "succeeded");
    await sync.click();
    // Four jobs: the newest in the status, three earlier ones in the history, two of them shown.
    // The count changes once the new job is the current one; only then can "succeeded" be its own.
    const history = page.getByTestId("bgsync-history");
    await expect
      .poll(() => history.getByTestId("bgsync-history-count").textContent(), { timeout: 60_000 })
      .toBe("Showing 2 of 3");
    await waitForStatus(page, "succeeded");
    expect(await history.locator("[data-job-id]").count()).toBe(2);
    await history.getByRole("button", { name: "Show more" }).click();
    expect(await history.locator("[data-job-id]").count()).toBe(3);
    expect(await history.getByTestId("bgsync-history-count").textContent()).toBe("Showing 3 of 3");
    expect(await history.getByRole("button", { name: "Show more" }).count()).toBe(0);
    const failedRow = history.locator("[data-job-id]").nth(1);
    expect(await failedRow.innerText()).toContain("Failed");
    expect(await failedRow.innerText()).toContain("ERP credentials expired");

    // A level below the section's own heading, and no bigger than it.
    const heading = await history.locator("h1, h2, h3, h4, h5, h6").evaluate((h) => ({
      level: Number(h.tagName.slice(1)),
      size: parseFloat(getComputedStyle(h).fontSize),
    }));
    const section = await page.locator("#section-title").evaluate((h) => ({
      level: Number(h.tagName.slice(1)),
      size: parseFloat(getComputedStyle(h).fontSize),
    }));
    expect(heading.level).toBe(section.level + 1);
    expect(heading.size).toBeLessThanOrEqual(section.size);
    expect(await danglingAriaRefs(page)).toEqual([]);
    await checkState(page, "history-show-more");
    expect(errors).toEqual([]);
  });
});
