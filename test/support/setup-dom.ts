import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

// testing-library only auto-cleans when the runner exposes globals; vitest does not by default.
afterEach(() => {
  cleanup();
});

// jsdom has no ResizeObserver; Fluent's MessageBar measures itself with one (browsers all have it).
const scope = globalThis as { ResizeObserver?: unknown };
scope.ResizeObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
};
