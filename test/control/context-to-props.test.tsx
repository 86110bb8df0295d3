import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderControl } from "../support/render-control";

describe("context to props", () => {
  it("a host that leaves out every optional input gets the defaults, not a blank box", async () => {
    renderControl({
      omit: [
        "jobId",
        "customApiName",
        "parametersTemplate",
        "buttonLabel",
        "confirmFullSync",
        "clientId",
        "authority",
        "apiScope",
        "redirectUri",
        "historyRows",
      ],
    });
    await screen.findByRole("button", { name: "Sync now" });
    expect(screen.queryByTestId("bgsync-config-error")).toBeNull();
    expect(screen.getByRole("region", { name: "Recent syncs" })).toBeTruthy();
  });
});
