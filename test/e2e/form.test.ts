import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserSkipReason } from "../support/browser";
import { openForm, SCREENSHOTS, startBrowserDemo, waitForStatus } from "../support/form-page";

const skip = browserSkipReason();
if (skip) console.warn(skip);
const ACCOUNTS = 300;

describe.skipIf(skip !== undefined)("the form in Chromium", () => {
  let env: Awaited<ReturnType<typeof startBrowserDemo>>;
  beforeAll(async () => {
    env = await startBrowserDemo({ accountCount: ACCOUNTS, timeScale: 0.01 });
  });
  afterAll(() => env?.close());

  it("runs a sync from the button and shows Succeeded with the synced count", async () => {
    const { page, errors } = await openForm(env.browser, env.demo.formUrl);
    await page.getByRole("button", { name: "Sync now" }).click();
    await waitForStatus(page, "succeeded");
    expect(await page.getByTestId("bgsync-status-text").textContent()).toBe("Succeeded");
    expect(await page.getByTestId("bgsync-summary").textContent()).toMatch(`${ACCOUNTS} synced`);
    await page.screenshot({ path: `${SCREENSHOTS}/succeeded.png` });
    expect(errors).toEqual([]);
  });
});
