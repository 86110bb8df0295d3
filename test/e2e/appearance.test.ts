import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserSkipReason } from "../support/browser";
import { checkState, openForm, startBrowserDemo, waitForStatus } from "../support/form-page";

const skip = browserSkipReason();

describe.skipIf(skip !== undefined)("the control's appearance on the form", () => {
  let env: Awaited<ReturnType<typeof startBrowserDemo>>;
  const textColour = (el: Element) => getComputedStyle(el).color;
  let record = 0;
  /** A record of its own per test: an "idle" screenshot shows no earlier test's syncs. */
  const formFor = (query: string) =>
    `${env.demo.formUrl}?id=${env.demo.emulator.accounts[record++]!.accountid}&${query}`;

  beforeAll(async () => {
    env = await startBrowserDemo({ accountCount: 1200, timeScale: 0.01 });
  });
  afterAll(() => env?.close());

  it("follows the app's dark theme", async () => {
    const { page, errors } = await openForm(env.browser, formFor("theme=dark"));
    await checkState(page, "dark-idle");
    await page.getByRole("button", { name: "Sync all records" }).click();
    await waitForStatus(page, "succeeded");
    const text = await page.getByTestId("bgsync-summary").evaluate(textColour);
    // Light text on the dark theme: every channel of the foreground is bright.
    const channels = (text.match(/\d+/g) ?? []).slice(0, 3).map(Number);
    expect(Math.min(...channels)).toBeGreaterThan(180);
    expect(await page.getByTestId("bgsync-summary").textContent()).toMatch(/^1,200 synced/);
    await checkState(page, "dark");
    expect(errors).toEqual([]);
  });

  it("switches to the compact layout at 320 px and stays usable", async () => {
    const { page } = await openForm(env.browser, formFor("width=320"), {
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
    await checkState(page, "compact-320");
  });

  it("speaks the user's language, with numbers formatted their way", async () => {
    const { page } = await openForm(env.browser, formFor("lcid=1036"));
    await checkState(page, "french-idle");
    await page.getByRole("button", { name: "Synchroniser tous les enregistrements" }).click();
    await waitForStatus(page, "succeeded");
    await expect
      .poll(() => page.getByTestId("bgsync-status-text").textContent(), { timeout: 60_000 })
      .toBe("Réussi");
    // French groups thousands with a (narrow) no-break space, not a comma.
    expect(await page.getByTestId("bgsync-summary").textContent()).toMatch(/^1\s200 synchronisés/);
    await checkState(page, "french");
  });

  it("reads at 200 % zoom: a 1000 px window is 500 CSS px, the form's single column", async () => {
    const page = await env.browser.newPage({ viewport: { width: 500, height: 720 }, deviceScaleFactor: 2 });
    await page.goto(formFor(""));
    await page.locator("body[data-ready=true]").waitFor();
    await page.getByRole("button", { name: "Sync all records" }).click();
    await waitForStatus(page, "succeeded");
    // Nothing is cut off: the page never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(500);
    await checkState(page, "zoom-200");
  });

  it("fits the longer French words at 320 px", async () => {
    const { page } = await openForm(env.browser, formFor("lcid=1036&width=320"), { width: 420, height: 720 });
    const start = page.getByRole("button", { name: "Synchroniser tous les enregistrements" });
    expect((await start.boundingBox())?.width).toBeLessThanOrEqual(320);
    await checkState(page, "french-320-idle");
    await start.click();
    await waitForStatus(page, "succeeded");
    await checkState(page, "french-320");
  });
});
