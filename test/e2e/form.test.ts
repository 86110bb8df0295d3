import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserSkipReason } from "../support/browser";
import { emulatorAdmin } from "../support/emulator-admin";
import { checkState, openForm, startBrowserDemo, waitForStatus } from "../support/form-page";

const skip = browserSkipReason();
if (skip) console.warn(skip);
const ACCOUNTS = 300;

describe.skipIf(skip !== undefined)("the form in Chromium", () => {
  let env: Awaited<ReturnType<typeof startBrowserDemo>>;
  beforeAll(async () => {
    env = await startBrowserDemo({ accountCount: ACCOUNTS, timeScale: 0.01 });
  });
  afterAll(() => env?.close());

  // Runs first: it counts what reached the ERP.
  it("with every input but the API URL left at the shipped defaults, syncs this record and only it", async () => {
    const defaults = "?p.scope=&p.customApiName=&p.parametersTemplate=";
    const { page, errors } = await openForm(env.browser, `${env.demo.formUrl}${defaults}`);
    await checkState(page, "defaults-idle");
    await page.getByRole("button", { name: "Sync this record" }).click();
    await waitForStatus(page, "succeeded");
    expect(await page.getByTestId("bgsync-summary").textContent()).toMatch(/^1 synced/);
    const recordId = await page.evaluate(
      () =>
        (window as unknown as { formHost: { state: { record: { entityId: string } } } }).formHost.state.record
          .entityId,
    );
    expect((await emulatorAdmin(env.demo.emulator.url).erp()).uniqueCount).toBe(1);
    expect((await fetch(`${env.demo.emulator.erpUrl}/${recordId}`)).status).toBe(200);
    await checkState(page, "defaults-succeeded");
    expect(errors).toEqual([]);
  });

  it("runs a sync from the button and shows Succeeded with the synced count", async () => {
    // Another record than the first test's: that one already shows Succeeded before the click.
    const record = env.demo.emulator.accounts[1]!.accountid;
    const { page, errors } = await openForm(env.browser, `${env.demo.formUrl}?id=${record}`);
    await page.getByRole("button", { name: "Sync all records" }).click();
    await waitForStatus(page, "succeeded");
    expect(await page.getByTestId("bgsync-status-text").textContent()).toBe("Succeeded");
    expect(await page.getByTestId("bgsync-summary").textContent()).toMatch(`${ACCOUNTS} synced`);
    await checkState(page, "succeeded");
    expect(errors).toEqual([]);
  });

  it("says the history could not be loaded when the sync service cannot be reached", async () => {
    // A port nothing listens on: every request to the API fails at once.
    const { page } = await openForm(env.browser, `${env.demo.formUrl}?p.apiBaseUrl=http://127.0.0.1:9`);
    await page.locator("[data-testid=bgsync-history][data-state=failed]").waitFor();
    await checkState(page, "history-failed");
  });
});
