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
    await screen.findByText("Batch 1 · 10 of 100 records");
    await user.click(await screen.findByRole("button", { name: "Sign in" }));
    expect(tokens.signIn).toHaveBeenCalledOnce();
    await waitFor(() => expect(api.openStreams()).toBe(1));
    await waitFor(() =>
      expect(screen.getByTestId("bgsync-connection").getAttribute("data-state")).toBe("live"),
    );
    api.publish(running(job, 50, 100, 2));
    await screen.findByText("Batch 2 · 50 of 100 records");
    expect(screen.queryByRole("button", { name: "Sign in" })).toBeNull();
  });
});
