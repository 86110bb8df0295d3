import { act, screen, waitFor } from "@testing-library/react";
import { webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createFakeApi } from "../support/fake-api";
import { makeJob, running } from "../support/jobs";
import { renderControl } from "../support/render-control";

const startButton = () => screen.getByRole("button", { name: "Sync this record" });

/** Fluent's disabledFocusable: still in the tab order, announced as disabled, explained by a description. */
function expectDisabledWithReason(text: string) {
  const button = startButton();
  expect(button.getAttribute("aria-disabled")).toBe("true");
  const description = document.getElementById(button.getAttribute("aria-describedby") ?? "");
  expect(description?.textContent).toBe(text);
}

afterEach(() => vi.restoreAllMocks());

describe("control availability", () => {
  it("unsaved record: disabled with an explanation, and no call to the API", async () => {
    const view = renderControl({ entityId: null });
    await screen.findByRole("button", { name: "Sync this record" });
    expectDisabledWithReason("Save the record to sync it.");
    expect(view.api.requests).toHaveLength(0);
  });

  it("saving the record enables the button by itself", async () => {
    const view = renderControl({ entityId: null });
    await screen.findByRole("button", { name: "Sync this record" });
    (view.mock.context as unknown as { page: { entityId: string } }).page.entityId =
      "{5F0C2A1E-7B3D-4C8E-9A6F-1D2E3F4A5B6C}";
    view.update();
    await waitFor(() => expect(startButton().getAttribute("aria-disabled")).toBeNull());
    expect(view.api.requests[0]?.path).toContain("id=5f0c2a1e-7b3d-4c8e-9a6f-1d2e3f4a5b6c");
  });

  it("read-only form: disabled, and clicking does nothing", async () => {
    const view = renderControl({ isControlDisabled: true });
    await screen.findByText("Sync is not available: this form is read-only.");
    expectDisabledWithReason("Sync is not available: this form is read-only.");
    startButton().click();
    expect(view.api.requests.filter((request) => request.method === "POST")).toHaveLength(0);
  });

  it("read-only form with a running job: Cancel is disabled too, for the same reason", async () => {
    const api = createFakeApi(makeJob);
    const job = running(makeJob(), 1, 10);
    api.publish(job);
    renderControl({ api, isControlDisabled: true, parameters: { jobId: job.id } });
    const cancel = await screen.findByRole("button", { name: "Cancel" });
    expect(cancel.getAttribute("aria-disabled")).toBe("true");
    expect(document.getElementById(cancel.getAttribute("aria-describedby") ?? "")?.textContent).toBe(
      "Sync is not available: this form is read-only.",
    );
  });

  it("offline: disabled while the browser is offline, enabled again when it comes back", async () => {
    const online = vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    const view = renderControl();
    await screen.findByText("You are offline. Sync is available again when the connection is back.");
    expect(view.api.requests).toHaveLength(0);
    expectDisabledWithReason("You are offline. Sync is available again when the connection is back.");
    online.mockReturnValue(true);
    act(() => {
      window.dispatchEvent(new Event("online"));
    });
    await waitFor(() => expect(startButton().getAttribute("aria-disabled")).toBeNull());
    expect(screen.queryByTestId("bgsync-disabled")).toBeNull();
    const jobReads = () => view.api.requests.filter((request) => request.path.startsWith("/api/jobs"));
    await waitFor(() => expect(jobReads().map((request) => request.method)).toEqual(["GET"]));
  });

  it("going offline closes the live stream; coming back reconnects it", async () => {
    const online = vi.spyOn(navigator, "onLine", "get").mockReturnValue(true);
    const api = createFakeApi(makeJob);
    const job = running(makeJob(), 1, 10);
    api.publish(job);
    renderControl({ api, parameters: { jobId: job.id } });
    await waitFor(() => expect(api.openStreams()).toBe(1));
    expect(screen.getByTestId("bgsync-time").textContent).toMatch(/ left$/);
    online.mockReturnValue(false);
    act(() => {
      window.dispatchEvent(new Event("offline"));
    });
    await waitFor(() => expect(api.openStreams()).toBe(0));
    // The sync goes on unseen: said so, with when the view was true, and no estimate that only grows.
    expect(screen.getByTestId("bgsync-disabled").textContent).toBe(
      "You are offline. The sync goes on in Dataverse; what is shown here is as of the last update.",
    );
    expect(screen.getByTestId("bgsync-time").textContent).toMatch(/^Elapsed [^·]+ · last update /);
    online.mockReturnValue(true);
    act(() => {
      window.dispatchEvent(new Event("online"));
    });
    await waitFor(() => expect(api.openStreams()).toBe(1));
  });

  it("offline according to the platform (mobile offline mode)", async () => {
    renderControl({ offline: true });
    await screen.findByTestId("bgsync-disabled");
    expect(screen.getByTestId("bgsync-disabled").getAttribute("data-reason")).toBe("offline");
  });

  it("invalid configuration: a clear message for the maker instead of the control", async () => {
    renderControl({ parameters: { apiBaseUrl: "not a url", parametersTemplate: "{oops", historyRows: -1 } });
    const message = await screen.findByTestId("bgsync-config-error");
    expect(message.textContent).toContain("Background Sync is not configured correctly");
    expect(message.textContent).toContain("API base URL must be an absolute http or https URL.");
    expect(message.textContent).toContain("Parameters template is not a JSON object");
    expect(message.textContent).toContain("History rows must be between 0 and 50.");
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("compact under 350 px (the harness passes the width as a string)", async () => {
    renderControl({ allocatedWidth: "320" });
    await screen.findByRole("button", { name: "Sync this record" });
    expect(screen.getByTestId("bgsync-root").getAttribute("data-compact")).toBe("true");
    renderControl({ allocatedWidth: 600 });
    expect(screen.getAllByTestId("bgsync-root")[1]?.getAttribute("data-compact")).toBe("false");
  });

  it.each([
    ["the app's dark theme", webDarkTheme, webDarkTheme.colorNeutralForeground1],
    ["the web light theme when the app gives none", undefined, webLightTheme.colorNeutralForeground1],
  ])("uses %s", async (_name, theme, foreground) => {
    renderControl({ theme });
    await screen.findByRole("button", { name: "Sync this record" });
    // FluentProvider writes the theme as CSS variables on a generated class, through CSSOM rules.
    const rootClass = [...screen.getByTestId("bgsync-root").classList].find((name) =>
      /^fui-FluentProvider\d+$/.test(name),
    );
    const rule = [...document.styleSheets]
      .flatMap((sheet) => [...sheet.cssRules])
      .find((cssRule) => cssRule.cssText.startsWith(`.${rootClass ?? "missing"} `));
    expect(rule?.cssText).toContain(`--colorNeutralForeground1: ${foreground};`);
  });
});
