import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMPANION_API_APP, DEMO_USER } from "../../emulator/index";
import type { RunningDemo } from "../../scripts/demo";
import { browserSkipReason } from "../support/browser";
import { formLoaded, SCREENSHOTS } from "../support/form-page";
import {
  launchTrustingChromium,
  recordApiTokens,
  signIns,
  signInFirst,
  startSecureDemo,
  verifyUserToken,
} from "../support/sign-in-demo";

const skip = browserSkipReason();

describe.skipIf(skip !== undefined)(
  "the real sign-in path (MSAL in the production bundle, emulated Entra ID)",
  () => {
    let demo: RunningDemo;
    let browser: Browser;
    let record = 0;
    const formFor = () => `${demo.formUrl}?id=${demo.emulator.accounts[record++]!.accountid}`;

    beforeAll(async () => {
      demo = await startSecureDemo({ accountCount: 50 });
      browser = await launchTrustingChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await demo?.close();
    });

    it("a person already signed in starts a job with the first click, with no prompt", async () => {
      const context = await browser.newContext();
      await signInFirst(context, demo, DEMO_USER.fullName);
      const popups: string[] = [];
      context.on("page", (p) => popups.push(p.url()));
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => console.log("console:", m.text()));
      const tokens = recordApiTokens(page, demo);
      await page.goto(formFor());
      await formLoaded(page);
      console.log(await signIns(demo));
      await page.screenshot({ path: `${SCREENSHOTS}/sign-in-first.png` });
      const started = page.waitForResponse(
        (r) => r.url() === `${demo.apiUrl}/api/jobs` && r.request().method() === "POST",
      );
      await page.getByRole("button", { name: "Sync now" }).click();
      const response = await started;
      expect(response.status()).toBe(202);
      const sent = tokens.find((t) => t.path === "/api/jobs");
      const claims = await verifyUserToken(demo, sent!.token, COMPANION_API_APP.clientId);
      expect(claims).toMatchObject({ oid: DEMO_USER.objectId, scp: "Jobs.ReadWrite" });
      expect(popups).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  },
);
