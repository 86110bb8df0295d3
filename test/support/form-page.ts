import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";
import { startDemo, type DemoOptions, type RunningDemo } from "../../scripts/demo";
import { launchChromium } from "./browser";

export const SCREENSHOTS = "artifacts/screenshots";

/**
 * The demo as `npm start` wires it, on ephemeral ports and an in-memory store, plus a browser.
 * `apiEnv` adds API settings as the environment would give them (server/config.ts reads them).
 */
export async function startBrowserDemo(
  emulator: DemoOptions["emulator"],
  apiEnv: Record<string, string> = {},
) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const demo: RunningDemo = await startDemo({
    emulatorPort: 0,
    apiPort: 0,
    storeUrl: "sqlite::memory:",
    emulator,
    env: { LOG_LEVEL: "warn", ...apiEnv },
  });
  const browser = await launchChromium();
  return {
    demo,
    browser,
    async close() {
      await browser.close();
      await demo.close();
    },
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Opens the emulator's form page for one account and waits until the control has rendered. */
export async function openForm(browser: Browser, url: string, viewport = { width: 1000, height: 720 }) {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(url);
  await formLoaded(page);
  return { page, errors };
}

/**
 * Rendered, and done reading the record's jobs: a job's status shows, the start button is enabled, or
 * Sign in (the one action then) is offered.
 */
export async function formLoaded(page: Page): Promise<void> {
  await page.locator("body[data-ready=true]").waitFor();
  await page
    .locator(
      '[data-testid=bgsync-status], [data-testid=bgsync-start]:not([aria-disabled="true"]), [data-testid=bgsync-sign-in]',
    )
    .first()
    .waitFor();
}

/** The job status the control shows (`data-status`), or "idle" when it shows the start button. */
export const shownStatus = async (page: Page): Promise<string> => {
  const status = page.getByTestId("bgsync-status");
  return (await status.count()) ? ((await status.first().getAttribute("data-status")) ?? "") : "idle";
};

export const waitForStatus = (page: Page, status: string, timeout = 60_000) =>
  expect.poll(() => shownStatus(page), { timeout, interval: 100 }).toBe(status);

/**
 * axe-core on the whole page (the control and the form around it): every violation, whatever its
 * impact, and every "needs review" (incomplete) result, since a check axe could not finish (contrast
 * over a background it cannot compute, an ARIA reference it cannot resolve) is a finding too.
 * Each is "rule (violation|needs review): target" so a failure names the element.
 */
export async function a11yFindings(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    type Result = { id: string; nodes: { target: unknown[]; any: { message: string }[] }[] };
    type AxeResults = { violations: Result[]; incomplete: Result[] };
    const axe = (window as unknown as { axe: { run(context: Document): Promise<AxeResults> } }).axe;
    const { violations, incomplete } = await axe.run(document);
    const describe = (kind: string) => (result: Result) =>
      result.nodes.map((node) =>
        `${result.id} (${kind}): ${node.target.join(" ")} ${node.any[0]?.message ?? ""}`.trim(),
      );
    return [...violations.flatMap(describe("violation")), ...incomplete.flatMap(describe("needs review"))];
  });
}

/**
 * One state a person can meet: a screenshot to look at, and axe on the same state, clean. Finite
 * transitions end first (a button fading from disabled to enabled is neither state, and axe would
 * measure its contrast halfway); endless ones (a spinner) are part of the state.
 */
export async function checkState(page: Page, name: string): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().iterations !== Infinity)
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
  expect(await a11yFindings(page), name).toEqual([]);
}
