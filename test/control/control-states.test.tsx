import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { SignInRequiredError, type TokenProvider } from "../../control/auth/token-provider";
import { createFakeApi } from "../support/fake-api";
import { finished, makeJob, running } from "../support/jobs";
import { renderControl } from "../support/render-control";

/** Renders the control with one job already on the record (bound column set), as on reopening. */
async function showJob(job: ReturnType<typeof makeJob>, extra: Parameters<typeof renderControl>[0] = {}) {
  const api = createFakeApi(makeJob);
  api.publish(job);
  const view = renderControl({ api, parameters: { jobId: job.id }, ...extra });
  await screen.findByTestId("bgsync-status");
  return view;
}

const status = () => screen.getByTestId("bgsync-status");

describe("control states", () => {
  it("queued: the live status with Cancel; the cancel note waits for a cancel", async () => {
    await showJob(makeJob());
    expect(screen.queryByRole("button", { name: "Sync this record" })).toBeNull();
    expect(within(status()).getByText("Queued")).toBeTruthy();
    expect(within(status()).getByText("Waiting for Dataverse to start the first batch")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Cancel" })).toBeTruthy();
    expect(screen.queryByTestId("bgsync-cancel-note")).toBeNull();
  });

  it("running: records x of N with the percentage and a determinate bar, no batch number", async () => {
    await showJob(running(makeJob(), 1500, 3000, 2));
    expect(within(status()).getByText("Running")).toBeTruthy();
    expect(screen.getByTestId("bgsync-progress").textContent).toBe("1,500 of 3,000 records (50%)");
    const bar = screen.getByRole("progressbar", { name: "1,500 of 3,000 records (50%)" });
    expect(bar.getAttribute("aria-valuenow")).toBe("0.5");
    expect(bar.getAttribute("aria-valuemax")).toBe("1");
  });

  it("running without a total: an indeterminate bar", async () => {
    await showJob(running(makeJob(), 700, null, 1));
    expect(screen.getByTestId("bgsync-progress").textContent).toBe("700 records synced");
    expect(screen.getByRole("progressbar").getAttribute("aria-valuenow")).toBeNull();
  });

  it("canceling: no Cancel button any more, the note stays", async () => {
    await showJob({ ...running(makeJob(), 10, 100), status: "canceling" });
    expect(within(status()).getByText("Canceling")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Cancel" })).toBeNull();
    expect(screen.getByTestId("bgsync-cancel-note")).toBeTruthy();
  });

  it("succeeded: counts formatted for the user and the duration, the button is back", async () => {
    const job = finished(running(makeJob(), 3000, 3000, 3), "succeeded", {
      progress: { synced: 3000, failed: 0, total: 3000, batches: 3 },
    });
    await showJob(job);
    expect(within(status()).getByText("Succeeded")).toBeTruthy();
    expect(screen.getByTestId("bgsync-summary").textContent).toBe("3,000 synced · in 1 min 5 s");
    expect(screen.getByRole("button", { name: "Sync this record" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Retry" })).toBeNull();
  });

  it("keeps the status's rows as the job ends: the bar stays, filled in the outcome's colour", async () => {
    const job = running(makeJob(), 1500, 3000, 2);
    const { api } = await showJob(job);
    const rows = () => [...status().children].map((row) => row.getAttribute("data-testid") ?? row.tagName);
    const whileRunning = rows();
    api.publish(finished(running(job, 3000, 3000), "succeeded"));
    await screen.findByTestId("bgsync-summary");
    expect(rows()).toHaveLength(whileRunning.length);
    const bar = screen.getByRole("progressbar", { name: "3,000 synced · in 1 min 5 s" });
    expect(bar.getAttribute("aria-valuenow")).toBe("1");
    expect(bar.getAttribute("data-color")).toBe("success");
    expect(screen.getByTestId("bgsync-time").textContent).toMatch(/^Ended /);
  });

  it("succeeded in French: French words and a French thousands separator", async () => {
    const job = finished(running(makeJob(), 3000, 3000), "succeeded");
    await showJob(job, { lcid: 1036 });
    expect(within(status()).getByText("Réussi")).toBeTruthy();
    expect(screen.getByTestId("bgsync-summary").textContent).toBe("3\u00a0000 synchronisés · en 1 min 5 s");
    expect(screen.getByRole("button", { name: "Synchroniser cet enregistrement" })).toBeTruthy();
  });

  it("failed: an error bar in plain words with the codes in details; Resume is the one way on, with a hint", async () => {
    const job = finished(running(makeJob(), 1000, 3000, 2), "failed", {
      error: { code: "0x80040265", message: "ERP refused the batch", batch: 2 },
    });
    await showJob(job);
    const error = screen.getByTestId("bgsync-error");
    expect(within(error).getByText("Sync stopped at batch 2")).toBeTruthy();
    // How far it got is said once, in the summary; what Resume does, once, in the button's hint.
    expect(screen.getByTestId("bgsync-summary").textContent).toBe("1,000 of 3,000 synced · in 1 min 5 s");
    expect(error.textContent).not.toMatch(/1,000/);
    expect(error.textContent).not.toMatch(/where it stopped/);
    expect(within(error).getByText("Details: ERP refused the batch · Error code 0x80040265")).toBeTruthy();
    const resume = screen.getByRole("button", { name: "Resume" });
    expect(resume.getAttribute("data-testid")).toBe("bgsync-start");
    expect(document.getElementById(resume.getAttribute("aria-describedby") ?? "")?.textContent).toMatch(
      /picks up where the sync stopped/,
    );
    expect(screen.queryByRole("button", { name: "Retry" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Sync this record" })).toBeNull();
  });

  it("canceled before any record: Retry but no Resume, an empty bar in no outcome's colour", async () => {
    await showJob(finished(makeJob(), "canceled"));
    expect(within(status()).getByText("Canceled")).toBeTruthy();
    const bar = screen.getByRole("progressbar");
    expect([bar.getAttribute("aria-valuenow"), bar.getAttribute("data-color")]).toEqual(["0", "neutral"]);
    expect(screen.getByRole("button", { name: "Retry" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Resume" })).toBeNull();
  });

  it("status is never colour alone: every badge carries its word, icons are hidden from AT", async () => {
    await showJob(finished(makeJob(), "canceled"));
    for (const icon of document.querySelectorAll("svg[data-icon]")) {
      expect(icon.getAttribute("aria-hidden")).toBe("true");
      expect(icon.parentElement?.parentElement?.textContent).toMatch(/Canceled/);
    }
  });

  it("announces status changes in a polite live region", async () => {
    const job = makeJob();
    const { api } = await showJob(job);
    const region = screen.getByRole("status");
    expect(region.getAttribute("aria-live")).toBe("polite");
    expect(region.textContent).toBe("Sync status: Queued");
    api.publish(finished(running(job, 3000, 3000), "succeeded"));
    await screen.findByText("Sync status: Succeeded. 3,000 synced · in 1 min 5 s");
  });

  it("announces why a sync failed, as its error box says it", async () => {
    const job = running(makeJob(), 900, 3000, 2);
    const { api } = await showJob(job);
    const error = { code: "0x80040265", message: "ERP credentials expired.", batch: 3 };
    api.publish(finished(job, "failed", { error }));
    await screen.findByText(
      "Sync status: Failed. Sync stopped at batch 3: ERP credentials expired. 900 of 3,000 synced · in 1 min 5 s",
    );
  });

  it("says nothing about a healthy connection, and shows a degraded one", async () => {
    const { api } = await showJob(running(makeJob(), 1, 10));
    await waitFor(() => expect(api.openStreams()).toBe(1));
    expect(screen.queryByTestId("bgsync-connection")).toBeNull();
    api.dropStreams();
    await waitFor(() =>
      expect(screen.getByTestId("bgsync-connection").getAttribute("data-state")).toBe("reconnecting"),
    );
    // What is shown may be stale now: it says since when.
    expect(screen.getByTestId("bgsync-time").textContent).toMatch(
      /^Elapsed .* · last update \d{1,2}:\d{2} [AP]M$/,
    );
  });

  it("running: elapsed time; a batch Dataverse retries is said, not shown as healthy progress", async () => {
    const job = running(makeJob(), 1800, 4000, 2);
    await showJob({
      ...job,
      operations: [
        {
          batch: 3,
          backgroundOperationId: "bg-3",
          stateCode: 1,
          statusCode: 20,
          retryCount: 1,
          createdAt: job.createdAt,
          startedAt: null,
          endedAt: null,
        },
      ],
    });
    expect(screen.getByTestId("bgsync-retry").textContent).toBe("Retrying batch 3, attempt 2 of 4");
    expect(screen.getByTestId("bgsync-time").textContent).toMatch(/^Elapsed .* · last update /);
    // Heard too, though the status stays Running; and the bar is not in the healthy brand colour.
    expect(screen.getByTestId("bgsync-announcer").textContent).toBe(
      "Sync status: Running. Retrying batch 3, attempt 2 of 4",
    );
    expect(screen.getByTestId("bgsync-progressbar").getAttribute("data-color")).toBe("warning");
  });

  it("lists the record's other jobs: status, who, when, how long, counts, why one failed; a count and Show more", async () => {
    const user = userEvent.setup();
    const api = createFakeApi(makeJob);
    const old = finished(
      running(makeJob({ createdAt: "2026-11-20T09:00:00.000Z" }), 3000, 3000),
      "succeeded",
      { startedAt: "2026-11-20T09:00:00.000Z", endedAt: "2026-11-20T09:02:00.000Z" },
    );
    api.publish(old);
    api.publish(
      finished(makeJob({ createdAt: "2026-11-21T09:00:00.000Z" }), "failed", {
        error: { code: "0x80040265", message: "ERP refused the batch", batch: 1 },
      }),
    );
    const current = finished(makeJob({ createdAt: "2026-11-22T09:00:00.000Z" }), "succeeded");
    api.publish(current);
    renderControl({ api, parameters: { historyRows: 1 } });
    const history = await screen.findByRole("region", { name: "Recent syncs" });
    const rows = await within(history).findAllByRole("listitem");
    // The job the status shows is not repeated as the first row.
    expect(rows).toHaveLength(1);
    expect(rows[0]?.getAttribute("data-job-id")).not.toBe(current.id);
    expect(rows[0]?.textContent).toContain("Failed");
    expect(rows[0]?.textContent).toContain("ERP refused the batch");
    expect(within(history).getByTestId("bgsync-history-count").textContent).toBe("Showing 1 of 2");
    await user.click(within(history).getByRole("button", { name: "Show more" }));
    const [, second] = within(history).getAllByRole("listitem");
    expect(second?.textContent).toBe(
      "SucceededBy Alex Wilber · Started 11/20/2026 10:00 AM · Duration 2 min · 3,000 synced",
    );
    expect(within(history).queryByRole("button", { name: "Show more" })).toBeNull();
  });

  it("a history that could not be read says so, never 'No syncs yet'", async () => {
    const api = createFakeApi(makeJob);
    api.override((request) =>
      request.method === "GET" && request.path.startsWith("/api/jobs?")
        ? Response.json({ title: "Service Unavailable" }, { status: 503 })
        : undefined,
    );
    renderControl({ api });
    const history = await screen.findByRole("region", { name: "Recent syncs" });
    await within(history).findByText("Recent syncs could not be loaded.");
    expect(within(history).queryByText("No syncs started from this record yet.")).toBeNull();
  });

  // Both ways the control learns sign-in is needed: no token comes silently, or the API refuses it.
  it.each(["no token", "401"])(
    "signed out (%s), the history is left out, not shown as failed; signing in loads it",
    async (how) => {
      const user = userEvent.setup();
      let signedIn = false;
      const tokens: TokenProvider = {
        getToken: () =>
          signedIn || how === "401"
            ? Promise.resolve("user-token")
            : Promise.reject(new SignInRequiredError()),
        signIn: () => {
          signedIn = true;
          return Promise.resolve();
        },
      };
      const api = createFakeApi(makeJob);
      api.override(() => (signedIn ? undefined : Response.json({ title: "Unauthorized" }, { status: 401 })));
      const earlier = finished(makeJob({ createdAt: "2026-11-21T09:00:00.000Z" }), "failed");
      api.publish(earlier);
      api.publish(finished(makeJob({ createdAt: "2026-11-22T09:00:00.000Z" }), "succeeded"));
      renderControl({
        api,
        tokenProvider: tokens,
        parameters: {
          clientId: "c",
          authority: "https://login.microsoftonline.com/t",
          apiScope: "api://bgsync/x",
        },
      });
      const signIn = await screen.findByRole("button", { name: "Sign in" });
      // Nothing is known yet, and the sign-in says what to do: no failure, no "none yet", no section.
      await waitFor(() => expect(screen.queryByRole("region", { name: "Recent syncs" })).toBeNull());
      expect(screen.queryByText("Recent syncs could not be loaded.")).toBeNull();
      expect(screen.queryByText("No syncs started from this record yet.")).toBeNull();
      await user.click(signIn);
      const history = await screen.findByRole("region", { name: "Recent syncs" });
      const rows = await within(history).findAllByRole("listitem");
      expect(rows.map((row) => row.getAttribute("data-job-id"))).toEqual([earlier.id]);
      expect(history.getAttribute("data-state")).toBe("loaded");
    },
  );

  it("no history section when the maker sets 0 rows", async () => {
    const view = renderControl({ parameters: { historyRows: 0 } });
    await screen.findByRole("button", { name: "Sync this record" });
    expect(view.queryByRole("region", { name: "Recent syncs" })).toBeNull();
  });
});
