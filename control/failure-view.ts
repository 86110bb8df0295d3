import type { Failure } from "./state/sync-reducer";
import { formatDuration } from "./format";
import { sentences } from "./sentences";
import type { Strings } from "./strings";

/** A failed request in people's words: what happened, what follows, and whether "Try again" helps. */
export interface FailureView {
  intent: "error" | "warning";
  title: string;
  lines: string[];
  /** Each thing the API refused (a 400 names every invalid input), shown as a list. */
  items: string[];
  /** The API could not be reached: offer to repeat what failed. */
  tryAgain: boolean;
  /** A throttled start is repeated by itself after this many seconds: nothing else starts meanwhile. */
  retryInSeconds: number | null;
}

const OUTAGE = new Set([502, 503, 504]);

/**
 * `now` counts a throttled start's wait down; without it the wait is said as the API gave it (what
 * the live region says once, rather than every second).
 */
export function describeFailure(failure: Failure, strings: Strings, now?: number): FailureView {
  const base = { intent: "error" as const, lines: [], items: [], tryAgain: false, retryInSeconds: null };
  if (failure.action === "start" && failure.status === 429 && failure.retryAfterSeconds !== null) {
    if (failure.retryAt === null) {
      // Throttled again and again: the control stopped trying; the start button is back.
      return { ...base, intent: "warning", title: strings.text("Failure_BusyGaveUp") };
    }
    const left = now === undefined ? Infinity : Math.ceil((failure.retryAt - now) / 1000);
    const seconds = Math.max(1, Math.min(failure.retryAfterSeconds, left));
    return {
      ...base,
      intent: "warning",
      title: strings.format("Failure_Busy", formatDuration(strings, seconds * 1000)),
      retryInSeconds: seconds,
    };
  }
  if (failure.status === null || OUTAGE.has(failure.status)) {
    return {
      ...base,
      title: strings.text("Failure_OutageTitle"),
      lines: [strings.text("Failure_OutageBody")],
      tryAgain: true,
    };
  }
  // The API's own failure (500): what it says is no help to the person, trying again may be.
  if (failure.status >= 500) {
    return {
      ...base,
      title: strings.text("Failure_ServerTitle"),
      lines: [strings.text("Failure_ServerBody")],
      tryAgain: true,
    };
  }
  const detail = failure.detail ?? strings.text("Error_Network");
  if (failure.action === "start") {
    const title = strings.text("Failure_StartTitle");
    if (failure.errors.length === 0) return { ...base, title, lines: [detail] };
    // A 400 names each invalid input: list them, the summary alone says "invalid parameters". The
    // inputs are named as in the form's parameters template, where someone can correct them.
    const items = failure.errors.map((error) => error.replace(/^parameters\./, ""));
    return { ...base, title, lines: [strings.text("Failure_InvalidParameters")], items };
  }
  return { ...base, title: strings.format("Error_Action", detail) };
}

export function failureText(view: FailureView): string {
  return sentences([view.title, ...view.lines, ...view.items]);
}
