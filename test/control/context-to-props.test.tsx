import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { OPTIONAL_INPUTS } from "../support/mock-context";
import { renderControl } from "../support/render-control";

describe("context to props", () => {
  it("a host that leaves out every optional input gets the defaults, not a blank box", async () => {
    renderControl({ omit: OPTIONAL_INPUTS });
    await screen.findByRole("button", { name: "Sync now" });
    expect(screen.queryByTestId("bgsync-config-error")).toBeNull();
    expect(screen.getByRole("region", { name: "Recent syncs" })).toBeTruthy();
  });
});
