import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { browserSkipReason } from "../support/browser";
import { emulatorAdmin } from "../support/emulator-admin";
import { checkState, openForm, startBrowserDemo, waitForStatus } from "../support/form-page";

const skip = browserSkipReason();

/** What has focus, in words a test can compare: the test id, or the button's name. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    return active?.dataset.testid ?? active?.textContent?.trim() ?? "";
  });

// Keyboard only, on the real form: a double Enter must start one sync and never cancel it.
describe.skipIf(skip !== undefined)("operating the control from the keyboard", () => {
  let env: Awaited<ReturnType<typeof startBrowserDemo>>;
  let record = 0;
  const formFor = () => `${env.demo.formUrl}?id=${env.demo.emulator.accounts[record++]!.accountid}`;
  let emulator: ReturnType<typeof emulatorAdmin>;

  beforeAll(async () => {
    env = await startBrowserDemo({ accountCount: 3000, timeScale: 0.01 });
    emulator = emulatorAdmin(env.demo.emulator.url);
  });
  beforeEach(async () => {
    await emulator.reset();
    // Runs wait at their start until released: the job surely stays active while the keys go in.
    await emulator.holdRuns();
  });
  afterAll(() => env?.close());

  it("a double Enter starts one sync: focus lands on the status, not on Cancel", async () => {
    const { page, errors } = await openForm(env.browser, formFor());
    await page.getByRole("button", { name: "Sync all records" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => focused(page), { timeout: 30_000 }).toBe("bgsync-status");
    await page.keyboard.press("Enter");
    expect(await page.getByRole("alertdialog").count()).toBe(0);
    expect(["queued", "running"]).toContain(
      await page.getByTestId("bgsync-status").getAttribute("data-status"),
    );
    // Running from Dataverse's acceptance, with the time it has taken so far.
    await expect.poll(() => page.getByTestId("bgsync-time").textContent()).toMatch(/^Elapsed \d+ s/);
    await checkState(page, "keyboard-started");
    await emulator.releaseRuns();
    await waitForStatus(page, "succeeded");
    expect(errors).toEqual([]);
  });

  it("Cancel asks first with the safe choice focused; Escape and Cancel keep focus in the control", async () => {
    const { page } = await openForm(env.browser, formFor());
    await page.getByRole("button", { name: "Sync all records" }).click();
    const cancel = page.getByRole("button", { name: "Cancel", exact: true });
    await cancel.waitFor();
    await cancel.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("alertdialog").waitFor();
    await expect.poll(() => focused(page)).toBe("Keep syncing");
    await checkState(page, "cancel-confirm");
    // Enter on the focused safe choice keeps the sync; so does Escape.
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByRole("alertdialog").count()).toBe(0);
    await expect.poll(() => focused(page)).toBe("bgsync-cancel");

    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Cancel sync" }).click();
    await expect.poll(() => focused(page)).toBe("bgsync-status");
    await emulator.releaseRuns();
    await waitForStatus(page, "canceled");
    // One way on, with what it does; the control still has focus.
    expect(await page.getByTestId("bgsync-hint").count()).toBe(1);
    expect(await page.getByRole("button", { name: /^(Resume|Retry)$/ }).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Sync all records" }).count()).toBe(0);
    expect(await focused(page)).toBe("bgsync-status");
    await checkState(page, "canceled-recovery");
  });
});
