import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

// testing-library only auto-cleans when the runner exposes globals; vitest does not by default.
afterEach(() => {
  cleanup();
});
