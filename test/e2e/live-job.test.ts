import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { browserSkipReason } from "../support/browser";
import { emulatorAdmin } from "../support/emulator-admin";
import {
  formLoaded,
  openForm,
  checkState,
  shownStatus,
  startBrowserDemo,
  waitForStatus,
} from "../support/form-page";

const skip = browserSkipReason();
const ACCOUNTS = 3000;

// Slow enough that a person could watch: 1,000 accounts per batch, about a second per batch.
describe.skipIf(skip !== undefined)("a chained job watched from the form", () => {
  let env: Awaited<ReturnType<typeof startBrowserDemo>>;
  let record = 0;
  const formFor = () => `${env.demo.formUrl}?id=${env.demo.emulator.accounts[record++]!.accountid}`;
  /**
   * Drives the job's pace: runs held at their start stay unfinished without a race, and the control
   * shows them running all the same, since Dataverse accepted the batch (issue 14, item 1).
   */
  let emulator: ReturnType<typeof emulatorAdmin>;

  beforeAll(async () => {
    env = await startBrowserDemo({
      accountCount: ACCOUNTS,
      timeScale: 0.25,
      engine: { backoffBaseMs: 200 },
    });
    emulator = emulatorAdmin(env.demo.emulator.url);
  });
  beforeEach(async () => {
    await emulator.reset();
  });
  afterAll(() => env?.close());

  it("shows progress batch by batch, and a reload reconnects to the running job", async () => {
    const { page, errors } = await openForm(env.browser, formFor());
    await page.getByRole("button", { name: "Sync all records" }).click();
    await waitForStatus(page, "running");
    await expect
      .poll(() => page.getByTestId("bgsync-progress").textContent(), { timeout: 60_000 })
      .toMatch(/of 3,000 records/);
    expect(
      Number(await page.getByTestId("bgsync-progressbar").getAttribute("aria-valuenow")),
    ).toBeGreaterThan(0);
    await checkState(page, "running");

    await page.reload();
    await formLoaded(page);
    expect(["running", "succeeded"]).toContain(await shownStatus(page));
    await waitForStatus(page, "succeeded");
    await expect
      .poll(() => page.getByTestId("bgsync-summary").textContent(), { timeout: 60_000 })
      .toMatch(/3,000 synced/);
    // The duration runs from Dataverse's start of the first batch, not from the first callback.
    expect(await page.getByTestId("bgsync-summary").textContent()).not.toMatch(/in 0 s/);
    expect((await emulator.erp()).uniqueCount).toBe(ACCOUNTS);
    expect(errors).toEqual([]);
  });

  it("says how long the sync has run and, once the rate means something, about how long is left", async () => {
    const { page, errors } = await openForm(env.browser, formFor());
    await emulator.holdRuns();
    await page.getByRole("button", { name: "Sync all records" }).click();
    await waitForStatus(page, "running");
    // Batch 1 ends; batch 2 is held: a third done, and the job surely still running.
    await emulator.faults({ plugin: { release: 1 } });
    await expect.poll(emulator.heldRuns, { timeout: 60_000 }).toBe(1);
    const time = page.getByTestId("bgsync-time");
    await expect.poll(() => time.textContent(), { timeout: 60_000 }).toMatch(/^Elapsed \d/);
    // The estimate waits for ten seconds of run as well as 5 % done: polled for, not slept on.
    await expect.poll(() => time.textContent(), { timeout: 60_000 }).toMatch(/ · about .+ left$/);
    await checkState(page, "running-time-left");
    await emulator.releaseRuns();
    await waitForStatus(page, "succeeded");
    expect(errors).toEqual([]);
  });

  it("says when it last heard of the job while its live updates cannot get through", async () => {
    const { page } = await openForm(env.browser, formFor());
    // Every live stream the page opens from now on fails: what it shows may be stale.
    await page.route("**/events*", (route) => route.abort());
    await emulator.holdRuns();
    await page.getByRole("button", { name: "Sync all records" }).click();
    await waitForStatus(page, "running");
    await expect
      .poll(() => page.getByTestId("bgsync-time").textContent(), { timeout: 60_000 })
      .toMatch(/ · last update \d{1,2}:\d{2}/);
    await checkState(page, "running-stale");
    await page.unroute("**/events*");
    await emulator.releaseRuns();
    await waitForStatus(page, "succeeded");
  });

  it("shows Queued while Dataverse has not acknowledged the first batch", async () => {
    const { page } = await openForm(env.browser, formFor());
    // Dataverse queues the operation but its answer is lost: the job waits, queued, for the reconciler.
    await emulator.faults({
      requests: [
        { route: "POST /api/data/v9.2/sample_SyncRecordsToExternalSystem", status: 500, served: true },
      ],
      plugin: { hold: true },
    });
    await page.getByRole("button", { name: "Sync all records" }).click();
    await waitForStatus(page, "queued");
    await checkState(page, "queued");
    await emulator.releaseRuns();
  });

  it("lets two pages watch one job to the end", async () => {
    const url = formFor();
    await emulator.holdRuns();
    const first = await openForm(env.browser, url);
    await first.page.getByRole("button", { name: "Sync all records" }).click();
    await waitForStatus(first.page, "running");
    // The same browser profile: the second page finds the job id the form saved, as a reopened record does.
    const second = await openForm(env.browser, url);
    expect(await shownStatus(second.page)).toBe("running");
    expect(await second.page.getByTestId("bgsync-progress").textContent()).not.toMatch(/Waiting/);
    await emulator.releaseRuns();
    await Promise.all([waitForStatus(first.page, "succeeded"), waitForStatus(second.page, "succeeded")]);
    expect(await second.page.getByTestId("bgsync-summary").textContent()).toMatch(/3,000 synced/);
  });

  it("cancels between batches, then resumes from where it stopped", async () => {
    const { page } = await openForm(env.browser, formFor());
    await emulator.holdRuns();
    await page.getByRole("button", { name: "Sync all records" }).click();
    await waitForStatus(page, "running");
    await page.getByRole("button", { name: "Cancel", exact: true }).click();
    await page.getByRole("button", { name: "Cancel sync" }).click();
    await expect
      .poll(() => page.getByTestId("bgsync-cancel-note").count(), { timeout: 60_000 })
      .toBeGreaterThan(0);
    await checkState(page, "canceling");
    await emulator.releaseRuns();
    await waitForStatus(page, "canceled");
    await checkState(page, "canceled");
    expect((await emulator.erp()).uniqueCount).toBeLessThan(ACCOUNTS);

    await page.getByRole("button", { name: "Resume" }).click();
    await waitForStatus(page, "succeeded");
    expect((await emulator.erp()).uniqueCount).toBe(ACCOUNTS);
  });

  it("shows a failed batch with its Dataverse error, then resumes to completion", async () => {
    const { page } = await openForm(env.browser, formFor());
    await emulator.holdRuns();
    await page.getByRole("button", { name: "Sync all records" }).click();
    await waitForStatus(page, "running");
    // Batch 1 goes; batch 2 is held at its start, then every run of it fails (three retries included).
    await emulator.faults({ plugin: { release: 1 } });
    await expect.poll(emulator.heldRuns, { timeout: 60_000 }).toBe(1);
    await emulator.faults({ plugin: { fail: 4, failMessage: "ERP credentials expired", hold: false } });
    await waitForStatus(page, "failed");
    const error = await page.getByTestId("bgsync-error").textContent();
    expect(error).toContain("ERP credentials expired");
    expect(error).toContain("0x80040265");
    // In people's words: where it stopped, the retries Dataverse made; how far it got is the summary's.
    expect(error).toContain("Sync stopped at batch 2");
    expect(error).toContain("Dataverse already retried this batch");
    expect(await page.getByTestId("bgsync-summary").textContent()).toMatch(/of 3,000 synced/);
    await checkState(page, "failed");

    await page.getByRole("button", { name: "Resume" }).click();
    await waitForStatus(page, "succeeded");
    expect((await emulator.erp()).uniqueCount).toBe(ACCOUNTS);
  });
});
