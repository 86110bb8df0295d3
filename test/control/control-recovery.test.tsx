import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { SignInRequiredError, type TokenProvider } from "../../control/auth/token-provider";
import { createFakeApi } from "../support/fake-api";
import { makeJob, running } from "../support/jobs";
import { renderControl } from "../support/render-control";

const AUTH = { clientId: "c", authority: "https://login.microsoftonline.com/t", apiScope: "api://bgsync/x" };

describe("recovering a watch", () => {
  it("a live job whose stream needs sign-in shows Sign in, and follows the job again after it", async () => {
    const user = userEvent.setup();
    // The history read gets a token; the stream's request finds it has run out.
    let tokensLeft = 1;
    const tokens: TokenProvider = {
      getToken: () => {
        if (tokensLeft === 0) return Promise.reject(new SignInRequiredError());
        tokensLeft -= 1;
        return Promise.resolve("user-token");
      },
      signIn: vi.fn(() => {
        tokensLeft = Infinity;
        return Promise.resolve();
      }),
    };
    const api = createFakeApi(makeJob);
    const job = running(makeJob(), 10, 100);
    api.publish(job);
    renderControl({ api, tokenProvider: tokens, parameters: AUTH });
    await screen.findByText("10 of 100 records (10%)");
    await user.click(await screen.findByRole("button", { name: "Sign in" }));
    expect(tokens.signIn).toHaveBeenCalledOnce();
    await waitFor(() => expect(api.openStreams()).toBe(1));
    api.publish(running(job, 50, 100, 2));
    await screen.findByText("50 of 100 records (50%)");
    expect(screen.queryByRole("button", { name: "Sign in" })).toBeNull();
  });
});

describe("destroyed while a request is out", () => {
  it("a Sync now answered after destroy() opens no stream and updates nothing", async () => {
    const user = userEvent.setup();
    const errors = vi.spyOn(console, "error");
    const api = createFakeApi(makeJob);
    let answer: (() => void) | undefined;
    const held = new Promise<void>((resolve) => (answer = resolve));
    api.override((request) =>
      request.method === "POST" && request.path === "/api/jobs" ? held.then(() => undefined) : undefined,
    );
    const view = renderControl({ api });
    await user.click(await screen.findByRole("button", { name: "Sync this record" }));
    await waitFor(() => expect(api.requests.some((request) => request.method === "POST")).toBe(true));
    const post = api.requests.find((request) => request.method === "POST");
    // What index.ts destroy() does, then the platform drops the tree.
    view.lifetime.abort();
    view.unmount();
    expect(post?.signal?.aborted).toBe(true);
    answer?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(api.requests.filter((request) => request.path.endsWith("/events"))).toHaveLength(0);
    expect(view.onJobIdChange).not.toHaveBeenCalled();
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });
});

describe("a bound job the API does not know", () => {
  it("falls back to the record's latest job without an error banner", async () => {
    const api = createFakeApi(makeJob);
    const latest = running(makeJob(), 10, 100);
    api.publish(latest);
    const view = renderControl({ api, parameters: { jobId: "00000000-0000-4000-8000-999999999999" } });
    await screen.findByText("10 of 100 records (10%)");
    await waitFor(() => expect(view.api.openStreams()).toBe(1));
    expect(screen.queryByTestId("bgsync-failure")).toBeNull();
  });
});
