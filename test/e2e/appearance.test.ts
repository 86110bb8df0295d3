import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserSkipReason } from "../support/browser";
import { openForm, SCREENSHOTS, a11yFindings, startBrowserDemo, waitForStatus } from "../support/form-page";

const skip = browserSkipReason();

describe.skipIf(skip !== undefined)("the control's appearance on the form", () => {
  let env: Awaited<ReturnType<typeof startBrowserDemo>>;
  const textColour = (el: Element) => getComputedStyle(el).color;

  beforeAll(async () => {
    env = await startBrowserDemo({ accountCount: 1200, timeScale: 0.01 });
  });
  afterAll(() => env?.close());

  it("follows the app's dark theme", async () => {
    const { page, errors } = await openForm(env.browser, `${env.demo.formUrl}?theme=dark`);
    await page.getByRole("button", { name: "Sync all records" }).click();
    await waitForStatus(page, "succeeded");
    const text = await page.getByTestId("bgsync-summary").evaluate(textColour);
    // Light text on the dark theme: every channel of the foreground is bright.
    const channels = (text.match(/\d+/g) ?? []).slice(0, 3).map(Number);
    expect(Math.min(...channels)).toBeGreaterThan(180);
    expect(await page.getByTestId("bgsync-summary").textContent()).toMatch(/^1,200 synced/);
    await page.screenshot({ path: `${SCREENSHOTS}/dark.png` });
    expect(await a11yFindings(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("switches to the compact layout at 320 px and stays usable", async () => {
    const { page } = await openForm(env.browser, `${env.demo.formUrl}?width=320`, {
      width: 420,
      height: 720,
    });
    expect(await page.getByTestId("bgsync-root").getAttribute("data-compact")).toBe("true");
    await page.getByRole("button", { name: "Sync all records" }).click();
    await waitForStatus(page, "succeeded");
    const box = await page.getByTestId("bgsync-root").boundingBox();
    expect(box?.width).toBeLessThanOrEqual(320);
    // A second sync puts the first one in the history (the current job is not repeated there).
    await page.getByRole("button", { name: "Sync all records" }).click();
    await page.locator("[data-job-id]").first().waitFor({ timeout: 60_000 });
    await waitForStatus(page, "succeeded");
    // No part of a history row breaks inside ("Duration 17 s" on two lines); rows wrap between parts.
    const broken = await page.evaluate(
      () =>
        [...document.querySelectorAll("[data-job-id] span")]
          .filter((span) => /^(Duration|Started|By) /.test(span.textContent ?? ""))
          .filter((span) => span.getClientRects().length > 1).length,
    );
    expect(broken).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}/compact-320.png` });
    expect(await a11yFindings(page)).toEqual([]);
  });

  it("speaks the user's language, with numbers formatted their way", async () => {
    const { page } = await openForm(env.browser, `${env.demo.formUrl}?lcid=1036`);
    await page.getByRole("button", { name: "Synchroniser tous les enregistrements" }).click();
    await waitForStatus(page, "succeeded");
    await expect
      .poll(() => page.getByTestId("bgsync-status-text").textContent(), { timeout: 60_000 })
      .toBe("Réussi");
    // French groups thousands with a (narrow) no-break space, not a comma.
    expect(await page.getByTestId("bgsync-summary").textContent()).toMatch(/^1\s200 synchronisés/);
    await page.screenshot({ path: `${SCREENSHOTS}/french.png` });
  });
});
