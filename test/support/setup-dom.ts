import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

// waitFor/findBy* wait for a condition; their 1 s default is a bet on the machine's speed that a busy
// CI box loses. The bound only fails a test that hangs.
configure({ asyncUtilTimeout: 30_000 });

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

// jsdom's <dialog> has no showModal/close (browsers all have them): open and close it, no top layer.
const dialog = globalThis.HTMLDialogElement?.prototype as Partial<HTMLDialogElement> | undefined;
if (dialog && !dialog.showModal) {
  dialog.showModal = function (this: HTMLDialogElement) {
    this.setAttribute("open", "");
  };
  dialog.close = function (this: HTMLDialogElement) {
    this.removeAttribute("open");
  };
}
