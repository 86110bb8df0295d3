import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { SignInRequiredError, type TokenProvider } from "../../control/auth/token-provider";
import { createFakeApi, type FakeApi } from "../support/fake-api";
import { finished, makeJob, RECORD_ID, running } from "../support/jobs";
import { renderControl } from "../support/render-control";

/** The live status badge's word (history rows repeat statuses, so plain findByText is ambiguous). */
const statusIs = (text: string) =>
  waitFor(() => expect(screen.getByTestId("bgsync-status-text").textContent).toBe(text));

/** Every POST answered 429 with this Retry-After, as the API passes Dataverse's throttling on. */
const throttleEveryStart = (api: FakeApi, retryAfterSeconds: number) =>
  api.override((request) =>
    request.method === "POST"
      ? new Response(JSON.stringify({ title: "Too many requests" }), {
          status: 429,
          headers: { "content-type": "application/problem+json", "Retry-After": String(retryAfterSeconds) },
        })
      : undefined,
  );
const posts = (api: FakeApi, path: string) =>
  api.requests.filter((request) => request.method === "POST" && request.path === path);

describe("control actions", () => {
  it("Sync now posts the expanded template for this record, writes the job id and shows Queued", async () => {
    const user = userEvent.setup();
    const view = renderControl({
      parameters: { parametersTemplate: '{"EntityName":"{entityName}","Number":"{column:accountnumber}"}' },
    });
    await user.click(await screen.findByRole("button", { name: "Sync this record" }));
    await statusIs("Queued");
    const [start] = posts(view.api, "/api/jobs");
    expect(start?.body).toEqual({
      customApi: "sample_SyncRecordsToExternalSystem",
      parameters: { EntityName: "account", Number: "ACC-42" },
      target: { entity: "account", id: RECORD_ID },
    });
    expect(view.mock.retrieveRecord).toHaveBeenCalledWith("account", RECORD_ID, "?$select=accountnumber");
    const job = [...view.api.jobs.values()][0];
    expect(view.onJobIdChange).toHaveBeenCalledWith(job?.id);
    await waitFor(() => expect(view.api.openStreams()).toBe(1));
  });

  it("cannot start a second job while it is still reading the record's current one", async () => {
    const user = userEvent.setup();
    const api = createFakeApi(makeJob);
    let answer: (() => void) | undefined;
    const held = new Promise<void>((resolve) => (answer = resolve));
    api.override((request) =>
      request.method === "GET" && request.path.startsWith("/api/jobs?")
        ? held.then(() => undefined)
        : undefined,
    );
    renderControl({ api });
    const loading = await screen.findByRole("button", { name: "Loading…" });
    expect(loading.getAttribute("aria-disabled")).toBe("true");
    await user.click(loading);
    answer?.();
    await screen.findByRole("button", { name: "Sync this record" });
    expect(posts(api, "/api/jobs")).toHaveLength(0);
  });

  // Tab order itself is left to the browser test: Fluent's tabster inserts focus guards jsdom cannot run.
  it("is keyboard operable: a native button that Enter activates", async () => {
    const user = userEvent.setup();
    const view = renderControl({ parameters: { buttonLabel: "Send to ERP" } });
    const button = await screen.findByRole("button", { name: "Send to ERP" });
    expect(button.tagName).toBe("BUTTON");
    button.focus();
    await user.keyboard("{Enter}");
    await statusIs("Queued");
    expect(posts(view.api, "/api/jobs")).toHaveLength(1);
  });

  it("fills {lastSuccess} from the record's last succeeded job", async () => {
    const user = userEvent.setup();
    const api = createFakeApi(makeJob);
    api.publish(
      finished(makeJob({ createdAt: "2026-11-25T07:00:00.000Z" }), "succeeded", {
        endedAt: "2026-11-25T08:00:00.000Z",
      }),
    );
    api.publish(finished(makeJob({ createdAt: "2026-11-25T09:00:00.000Z" }), "succeeded"));
    renderControl({
      api,
      parameters: { parametersTemplate: '{"LastSyncDate":"{lastSuccess}"}', historyRows: 1 },
    });
    await statusIs("Succeeded");
    await user.click(screen.getByRole("button", { name: "Sync this record" }));
    await statusIs("Queued");
    expect(posts(api, "/api/jobs")[0]?.body).toMatchObject({
      parameters: { LastSyncDate: "2026-11-26T10:01:06.000Z" },
    });
  });

  it("Cancel asks first, then asks the API and shows Canceling with the note", async () => {
    const user = userEvent.setup();
    const api = createFakeApi(makeJob);
    const job = running(makeJob(), 100, 300);
    api.publish(job);
    renderControl({ api, parameters: { jobId: job.id } });
    await user.click(await screen.findByRole("button", { name: "Cancel" }));
    const dialog = await screen.findByRole("alertdialog");
    expect(posts(api, `/api/jobs/${job.id}/cancel`)).toHaveLength(0);
    await user.click(within(dialog).getByRole("button", { name: "Cancel sync" }));
    await statusIs("Canceling");
    expect(posts(api, `/api/jobs/${job.id}/cancel`)).toHaveLength(1);
    expect(screen.getByTestId("bgsync-cancel-note")).toBeTruthy();
    api.publish({ ...job, status: "canceled", endedAt: "2026-11-26T10:01:06.000Z" });
    await statusIs("Canceled");
    expect(screen.getByRole("button", { name: "Resume" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Retry" })).toBeNull();
  });

  it("Resume restarts a failed job and follows it live again", async () => {
    const user = userEvent.setup();
    const api = createFakeApi(makeJob);
    const job = finished(running(makeJob(), 1000, 3000, 2), "failed", {
      error: { code: "0x80040265", message: "ERP down", batch: 2 },
    });
    api.publish(job);
    renderControl({ api, parameters: { jobId: job.id } });
    await user.click(await screen.findByRole("button", { name: "Resume" }));
    await statusIs("Queued");
    expect(posts(api, `/api/jobs/${job.id}/resume`)).toHaveLength(1);
    await waitFor(() => expect(api.openStreams()).toBe(1));
    api.publish(finished(running(job, 3000, 3000, 3), "succeeded", { error: null }));
    await statusIs("Succeeded");
  });

  it("Retry starts a new job with the failed job's parameters", async () => {
    const user = userEvent.setup();
    const api = createFakeApi(makeJob);
    // Nothing went through: Retry is the way on, not Resume.
    const job = finished(
      makeJob({ parameters: { EntityName: "account", SyncMode: "Incremental" } }),
      "failed",
    );
    api.publish(job);
    const view = renderControl({ api, parameters: { jobId: job.id } });
    await user.click(await screen.findByRole("button", { name: "Retry" }));
    await statusIs("Queued");
    expect(posts(api, "/api/jobs")[0]?.body).toMatchObject({ parameters: job.parameters });
    expect(view.onJobIdChange).toHaveBeenCalledWith(expect.not.stringMatching(job.id));
  });

  it("a refused start lists each parameter error the API returned", async () => {
    const user = userEvent.setup();
    const api = createFakeApi(makeJob);
    api.override((request) =>
      request.method === "POST"
        ? Response.json(
            {
              title: "Bad Request",
              detail: "The parameters do not match the Custom API.",
              errors: [
                { path: "parameters.SyncMode", message: "required" },
                { path: "parameters.ExternalSystemUrl", message: "required" },
              ],
            },
            { status: 400 },
          )
        : undefined,
    );
    renderControl({ api });
    await user.click(await screen.findByRole("button", { name: "Sync this record" }));
    const failure = await screen.findByTestId("bgsync-failure");
    expect(
      within(failure)
        .getAllByRole("listitem")
        .map((item) => item.textContent),
    ).toEqual(["SyncMode: required", "ExternalSystemUrl: required"]);
    // Who can act on it: whoever set up the form's parameters template.
    expect(failure.textContent).toContain("Ask whoever set up the form to correct them:");
    // The error bar is named by its title: the id it points at exists.
    const bar = failure.closest("[aria-labelledby]") ?? failure;
    expect(document.getElementById(bar.getAttribute("aria-labelledby") ?? "")?.textContent).toBe(
      "The sync could not start",
    );
    expect(screen.getByRole("status").textContent).toMatch(
      /^The sync could not start\. The sync does not accept .* correct them: SyncMode: required\. ExternalSystemUrl: required$/,
    );
  });

  it("a start refused because another tab's sync is active shows and follows that sync", async () => {
    const user = userEvent.setup();
    const api = createFakeApi(makeJob);
    const view = renderControl({ api });
    const button = await screen.findByRole("button", { name: "Sync this record" });
    // Started elsewhere after this control read the record's jobs.
    const elsewhere = running(makeJob(), 40, 100);
    api.publish(elsewhere);
    api.override((request) =>
      request.method === "POST" && request.path === "/api/jobs"
        ? Response.json(
            {
              type: "https://bgsync.dev/problems/job-already-active",
              title: "A job is already active for this record",
              status: 409,
              detail: "A job for this record and Custom API is still active.",
              activeJob: { id: elsewhere.id, href: `/api/jobs/${elsewhere.id}` },
            },
            { status: 409, headers: { "content-type": "application/problem+json" } },
          )
        : undefined,
    );
    await user.click(button);
    await statusIs("Running");
    expect(screen.queryByTestId("bgsync-failure")).toBeNull();
    expect(view.onJobIdChange).toHaveBeenCalledWith(elsewhere.id);
    await waitFor(() => expect(api.openStreams()).toBe(1));
    api.publish(finished(elsewhere, "succeeded"));
    await statusIs("Succeeded");
  });

  it("a start refused for a sync this person may not see says so, in the API's words", async () => {
    const user = userEvent.setup();
    const api = createFakeApi(makeJob);
    renderControl({ api });
    const button = await screen.findByRole("button", { name: "Sync this record" });
    const hidden = "6d0c2e4a-1111-4222-8333-444455556666";
    api.override((request) => {
      if (request.method === "POST" && request.path === "/api/jobs")
        return Response.json(
          {
            status: 409,
            title: "A job is already active for this record",
            detail: "A job for this record and Custom API is still active.",
            activeJob: { id: hidden, href: `/api/jobs/${hidden}` },
          },
          { status: 409 },
        );
      if (request.path === `/api/jobs/${hidden}`)
        return Response.json({ status: 404, title: "Not found", detail: "No such job." }, { status: 404 });
      return undefined;
    });
    await user.click(button);
    const failure = await screen.findByTestId("bgsync-failure");
    expect(failure.textContent).toContain("A job for this record and Custom API is still active.");
  });

  it("an outage says a started sync goes on in Dataverse, and offers Try again", async () => {
    const user = userEvent.setup();
    const api = createFakeApi(makeJob);
    let calls = 0;
    api.override((request) => {
      if (request.method !== "POST") return undefined;
      calls += 1;
      if (calls === 1) throw new TypeError("Failed to fetch");
      return undefined;
    });
    renderControl({ api });
    await user.click(await screen.findByRole("button", { name: "Sync this record" }));
    const failure = await screen.findByTestId("bgsync-failure");
    expect(failure.textContent).toContain("The sync service can't be reached");
    expect(failure.textContent).toContain("continues in Dataverse");
    await user.click(within(failure).getByRole("button", { name: "Try again" }));
    await statusIs("Queued");
    expect(posts(api, "/api/jobs")).toHaveLength(2);
  });

  it("a throttled start says Dataverse is busy and tries again by itself when it may", async () => {
    const user = userEvent.setup();
    const api = createFakeApi(makeJob);
    let calls = 0;
    api.override((request) => {
      if (request.method !== "POST") return undefined;
      calls += 1;
      if (calls > 1) return undefined;
      return new Response(JSON.stringify({ title: "Too many requests", detail: "Try again in 1 s." }), {
        status: 429,
        headers: { "content-type": "application/problem+json", "Retry-After": "1" },
      });
    });
    renderControl({ api });
    await user.click(await screen.findByRole("button", { name: "Sync this record" }));
    const failure = await screen.findByTestId("bgsync-failure");
    expect(failure.textContent).toBe("Dataverse is busy, trying again in 1 s");
    // Waits for the second request itself, not for a length of time.
    await waitFor(() => expect(posts(api, "/api/jobs")).toHaveLength(2), { timeout: 10_000 });
    await statusIs("Queued");
    expect(screen.queryByTestId("bgsync-failure")).toBeNull();
  });

  it("while a throttled start waits, no second start: the buttons are disabled and described by the wait", async () => {
    const user = userEvent.setup();
    const api = createFakeApi(makeJob);
    // Ten minutes: the wait outlasts the test, whatever the machine's speed.
    throttleEveryStart(api, 600);
    renderControl({ api });
    await user.click(await screen.findByRole("button", { name: "Sync this record" }));
    const failure = await screen.findByTestId("bgsync-failure");
    expect(failure.textContent).toBe("Dataverse is busy, trying again in 10 min");
    const start = screen.getByRole("button", { name: "Sync this record" });
    expect(start.getAttribute("aria-disabled")).toBe("true");
    const describedBy = start.getAttribute("aria-describedby")?.split(" ") ?? [];
    expect(describedBy.map((id) => document.getElementById(id)?.textContent)).toContain(
      "Dataverse is busy, trying again in 10 min",
    );
    // Click and keyboard alike do nothing: the one start already waits its turn.
    await user.click(start);
    start.focus();
    await user.keyboard("{Enter}");
    expect(posts(api, "/api/jobs")).toHaveLength(1);
    expect(screen.getByTestId("bgsync-failure").textContent).toBe(
      "Dataverse is busy, trying again in 10 min",
    );
  });

  it("throttled on every try, it stops after three and gives the button back", async () => {
    const user = userEvent.setup();
    const api = createFakeApi(makeJob);
    throttleEveryStart(api, 1);
    renderControl({ api });
    await user.click(await screen.findByRole("button", { name: "Sync this record" }));
    await waitFor(
      () =>
        expect(screen.getByTestId("bgsync-failure").textContent).toBe(
          "Dataverse is still busy. Try again in a few minutes.",
        ),
      // Three waits of a second each, however busy the machine.
      { timeout: 25_000 },
    );
    expect(posts(api, "/api/jobs")).toHaveLength(4);
    const start = screen.getByRole("button", { name: "Sync this record" });
    expect(start.getAttribute("aria-disabled")).toBeNull();
  });

  it("asks before a Full sync of the table when the maker wants it", async () => {
    const user = userEvent.setup();
    const view = renderControl({
      parameters: {
        scope: "table",
        confirmFullSync: true,
        parametersTemplate: '{"EntityName":"{entityName}","SyncMode":"Full"}',
      },
    });
    await user.click(await screen.findByRole("button", { name: "Sync all records" }));
    const dialog = await screen.findByRole("alertdialog");
    expect(within(dialog).getByRole("heading").textContent).toBe("Run a full sync?");
    await user.click(within(dialog).getByRole("button", { name: "Go back" }));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
    expect(posts(view.api, "/api/jobs")).toHaveLength(0);
    await user.click(await screen.findByRole("button", { name: "Sync all records" }));
    await user.click(await screen.findByRole("button", { name: "Run full sync" }));
    await statusIs("Queued");
    expect(posts(view.api, "/api/jobs")).toHaveLength(1);
  });

  it("shows Sign in when no token comes silently, signs in from the click and carries on", async () => {
    const user = userEvent.setup();
    let signedIn = false;
    const tokens: TokenProvider = {
      getToken: () => (signedIn ? Promise.resolve("user-token") : Promise.reject(new SignInRequiredError())),
      signIn: vi.fn(() => {
        signedIn = true;
        return Promise.resolve();
      }),
    };
    const api = createFakeApi(makeJob);
    api.publish(finished(makeJob(), "succeeded"));
    const auth = {
      clientId: "c",
      authority: "https://login.microsoftonline.com/t",
      apiScope: "api://bgsync/x",
    };
    renderControl({ api, tokenProvider: tokens, parameters: auth });
    // Sign in is the one action then, in the primary place: Sync now would only fail.
    const signIn = await screen.findByRole("button", { name: "Sign in" });
    expect(screen.queryByRole("button", { name: "Sync this record" })).toBeNull();
    expect(signIn.getAttribute("data-testid")).toBe("bgsync-sign-in");
    expect(signIn.closest("[data-testid=bgsync-status]")).toBeNull();
    await user.click(signIn);
    expect(tokens.signIn).toHaveBeenCalledOnce();
    await statusIs("Succeeded");
    expect(screen.queryByRole("button", { name: "Sign in" })).toBeNull();
    expect(api.requests.at(-1)?.headers.authorization).toBe("Bearer user-token");
  });
});

describe("sign-in", () => {
  it("a blocked popup says so, and Sign in stays the way on", async () => {
    const user = userEvent.setup();
    const tokens: TokenProvider = {
      getToken: () => Promise.reject(new SignInRequiredError()),
      signIn: () => Promise.reject(new SignInRequiredError(new Error("popup_window_error"), "blocked")),
    };
    renderControl({
      tokenProvider: tokens,
      parameters: {
        clientId: "c",
        authority: "https://login.microsoftonline.com/t",
        apiScope: "api://bgsync/x",
      },
    });
    await user.click(await screen.findByRole("button", { name: "Sign in" }));
    await waitFor(() =>
      expect(screen.getByTestId("bgsync-sign-in-reason").getAttribute("data-reason")).toBe("blocked"),
    );
    expect(screen.getByTestId("bgsync-sign-in-reason").textContent).toMatch(/blocked the sign-in window/);
    expect(screen.getByRole("button", { name: "Sign in" })).toBeTruthy();
  });
});

describe("focus", () => {
  it("a double Enter on Sync now starts one sync and never cancels it: focus goes to the status", async () => {
    const user = userEvent.setup();
    const view = renderControl();
    const button = await screen.findByRole("button", { name: "Sync this record" });
    button.focus();
    await user.keyboard("{Enter}");
    await statusIs("Queued");
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("bgsync-status")));
    await user.keyboard("{Enter}");
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(posts(view.api, "/api/jobs")).toHaveLength(1);
    expect(view.api.requests.filter((request) => request.path.endsWith("/cancel"))).toHaveLength(0);
    const job = [...view.api.jobs.values()][0];
    if (job === undefined) throw new Error("no job");
    view.api.publish(finished(running(job, 5, 5), "succeeded"));
    await statusIs("Succeeded");
    // The status stays where it was and keeps focus; the button is next in the tab order.
    expect(document.activeElement).toBe(screen.getByTestId("bgsync-status"));
  });

  it("keeps focus in the control after Cancel, and after going back from the dialog", async () => {
    const user = userEvent.setup();
    const api = createFakeApi(makeJob);
    const job = running(makeJob(), 100, 300);
    api.publish(job);
    renderControl({ api, parameters: { jobId: job.id } });
    const cancel = await screen.findByRole("button", { name: "Cancel" });
    await user.click(cancel);
    const dialog = await screen.findByRole("alertdialog");
    const keep = within(dialog).getByRole("button", { name: "Keep syncing" });
    // That the dialog focuses the safe choice is the browser test's: tabster finds nothing focusable in jsdom.
    await user.click(keep);
    await waitFor(() => expect(document.activeElement).toBe(cancel));
    await user.click(cancel);
    await user.click(await screen.findByRole("button", { name: "Cancel sync" }));
    await statusIs("Canceling");
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("bgsync-status")));
  });
});
