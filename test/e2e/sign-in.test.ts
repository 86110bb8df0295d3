import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMPANION_API_APP, DEMO_USER } from "../../emulator/index";
import type { RunningDemo } from "../../scripts/demo";
import { browserSkipReason } from "../support/browser";
import { checkState, formLoaded, waitForStatus } from "../support/form-page";
import {
  launchTrustingChromium,
  recordApiTokens,
  signIns,
  signInFirst,
  startSecureDemo,
  verifyUserToken,
} from "../support/sign-in-demo";

const skip = browserSkipReason();
/** Short enough that a token dies while a job is held running. */
const TOKEN_SECONDS = 4;

describe.skipIf(skip !== undefined)(
  "the real sign-in path (MSAL in the production bundle, emulated Entra ID)",
  () => {
    let demo: RunningDemo;
    let browser: Browser;
    let record = 0;
    const formFor = (query = "") =>
      `${demo.formUrl}?id=${demo.emulator.accounts[record++]!.accountid}${query}`;
    const admin = (path: string, body?: unknown) =>
      fetch(
        `${demo.emulator.url}/_emulator${path}`,
        body === undefined ? {} : { method: "POST", body: JSON.stringify(body) },
      );

    beforeAll(async () => {
      demo = await startSecureDemo({
        accountCount: 50,
        identity: { accessTokenLifetimeSeconds: TOKEN_SECONDS },
      });
      browser = await launchTrustingChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await demo?.close();
    });

    async function openForm(context: BrowserContext, query = "") {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      const tokens = recordApiTokens(page, demo);
      await page.goto(formFor(query));
      await formLoaded(page);
      return { page, errors, tokens };
    }

    /**
     * Clicks Sign in and waits until the popup MSAL opened has closed by itself. The close listener
     * is attached in the same tick the popup is announced: with a session the popup redirects and
     * closes at once, and Playwright's waitForEvent("close") on a page already closed never resolves.
     */
    async function signInWithPopup(context: BrowserContext, page: Page, pick?: string) {
      const opened = new Promise<{ popup: Page; closed: Promise<void> }>((resolve) =>
        context.once("page", (popup) =>
          resolve({
            popup,
            closed: new Promise((done) => (popup.isClosed() ? done() : popup.once("close", () => done()))),
          }),
        ),
      );
      await page.getByRole("button", { name: "Sign in" }).click();
      const { popup, closed } = await opened;
      if (pick !== undefined) await popup.getByRole("button", { name: new RegExp(pick) }).click();
      await closed;
    }

    async function startJob(page: Page) {
      const started = page.waitForResponse(
        (r) => r.url() === `${demo.apiUrl}/api/jobs` && r.request().method() === "POST",
      );
      await page.getByRole("button", { name: "Sync all records" }).click();
      return started;
    }

    it("a person already signed in needs no prompt: silent SSO where third-party cookies pass, else one click", async () => {
      await admin("/reset", {});
      const context = await browser.newContext();
      await signInFirst(context, demo, DEMO_USER.fullName);
      const { page, errors, tokens } = await openForm(context);
      const signInShown = (await page.getByTestId("bgsync-sign-in").count()) > 0;
      if (signInShown) {
        // The browser kept the sign-in cookie from the hidden iframe: the popup finds the session
        // and closes without asking anything.
        await signInWithPopup(context, page);
      }
      const path = (await signIns(demo)).map(
        (s) => `${s.prompt ?? "-"}:${s.outcome}:${s.hadSession ? "session" : "none"}`,
      );
      console.info(`sign-in path taken by Chromium: ${signInShown ? "one-click popup" : "silent SSO"}`, path);
      expect(path).toEqual(
        signInShown
          ? ["-:signed-in:none", "none:login_required:none", "-:code:session"]
          : ["-:signed-in:none", "none:code:session"],
      );
      const response = await startJob(page);
      expect(response.status()).toBe(202);
      const sent = tokens.find((t) => t.path === "/api/jobs");
      const claims = await verifyUserToken(demo, sent!.token, COMPANION_API_APP.clientId);
      expect(claims).toMatchObject({
        oid: DEMO_USER.objectId,
        scp: "Jobs.ReadWrite",
      });
      expect(((await response.json()) as { requestedBy: unknown }).requestedBy).toEqual({
        objectId: DEMO_USER.objectId,
        name: DEMO_USER.fullName,
      });
      expect(errors).toEqual([]);
      await context.close();
    });

    it("no session: Sign in opens the popup, the person picks a user, the popup closes by itself, the sync starts", async () => {
      const context = await browser.newContext();
      const { page, errors } = await openForm(context);
      expect(await page.getByTestId("bgsync-sign-in-reason").getAttribute("data-reason")).toBe("needed");
      // Sign in is the one, primary action: Sync now would only fail.
      expect(await page.getByRole("button", { name: "Sync all records" }).count()).toBe(0);
      await checkState(page, "sign-in-needed");
      await signInWithPopup(context, page, DEMO_USER.fullName);
      await page.getByTestId("bgsync-sign-in").waitFor({ state: "detached" });
      expect((await startJob(page)).status()).toBe(202);
      expect(context.pages()).toHaveLength(1);
      expect(errors).toEqual([]);
      await context.close();
    });

    it("a token that expires while a job runs: the stream reconnects with a new token, no prompt", async () => {
      const context = await browser.newContext();
      const { page, tokens } = await openForm(context);
      await signInWithPopup(context, page, DEMO_USER.fullName);
      await admin("/faults", { erp: { hold: true } });
      const popups: string[] = [];
      context.on("page", (p) => popups.push(p.url()));
      expect((await startJob(page)).status()).toBe(202);
      // The held first batch keeps the job live (queued: no batch has reported) past the token's life.
      const streams = () => tokens.filter((t) => t.path.endsWith("/events"));
      await expect.poll(() => streams().length, { timeout: 60_000 }).toBeGreaterThan(1);
      const [first, second] = streams();
      expect(second!.token).not.toBe(first!.token);
      await verifyUserToken(demo, second!.token, COMPANION_API_APP.clientId);
      await admin("/faults", { erp: { hold: false } });
      await waitForStatus(page, "succeeded");
      expect(popups).toEqual([]);
      expect(await page.getByTestId("bgsync-sign-in").count()).toBe(0);
      await context.close();
    });

    it.each([
      ["wrong audience (the org's scope)", () => `${demo.emulator.url}/user_impersonation`],
      ["a scope the API does not accept", () => "api://bgsync/Jobs.Read"],
    ])("a token the API refuses (%s) is said in words, with Sign in offered", async (_, scope) => {
      const context = await browser.newContext();
      const { page } = await openForm(context, `&p.apiScope=${encodeURIComponent(scope())}`);
      await signInWithPopup(context, page, DEMO_USER.fullName);
      const reason = page.getByTestId("bgsync-sign-in-reason");
      await expect.poll(() => reason.getAttribute("data-reason")).toBe("refused");
      expect(await reason.textContent()).toMatch(/did not accept your sign-in/);
      expect(await page.getByTestId("bgsync-sign-in").count()).toBe(1);
      await checkState(page, "sign-in-refused");
      await context.close();
    });

    it("a popup blocked by the browser: a clear message, and Sign in works once pop-ups are allowed", async () => {
      const context = await browser.newContext();
      // What a page sees of a blocked popup: window.open returns null.
      await context.addInitScript(() => {
        const open = window.open.bind(window);
        window.open = (...args) => ((window as { allowPopups?: boolean }).allowPopups ? open(...args) : null);
      });
      const { page } = await openForm(context);
      await page.getByRole("button", { name: "Sign in" }).click();
      const reason = page.getByTestId("bgsync-sign-in-reason");
      await expect.poll(() => reason.getAttribute("data-reason")).toBe("blocked");
      expect(await reason.textContent()).toMatch(/blocked the sign-in window/);
      await checkState(page, "sign-in-blocked");
      await page.evaluate(() => ((window as { allowPopups?: boolean }).allowPopups = true));
      await signInWithPopup(context, page, DEMO_USER.fullName);
      expect((await startJob(page)).status()).toBe(202);
      await context.close();
    });
  },
);
