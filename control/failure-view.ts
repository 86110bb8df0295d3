import type { Failure } from "./state/sync-reducer";
import type { Strings } from "./strings";

/** A failed request in people's words: what happened, what follows, and whether "Try again" helps. */
export interface FailureView {
  intent: "error" | "warning";
  title: string;
  lines: string[];
  /** The API could not be reached: offer to repeat what failed. */
  tryAgain: boolean;
  /** A throttled start is repeated by itself after this many seconds. */
  retryInSeconds: number | null;
}

const OUTAGE = new Set([502, 503, 504]);

export function describeFailure(failure: Failure, strings: Strings): FailureView {
  const base = { intent: "error" as const, lines: [], tryAgain: false, retryInSeconds: null };
  if (failure.action === "start" && failure.status === 429 && failure.retryAfterSeconds !== null) {
    const seconds = failure.retryAfterSeconds;
    return {
      ...base,
      intent: "warning",
      title: strings.format("Failure_Busy", seconds),
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
  const detail = failure.detail ?? strings.text("Error_Network");
  if (failure.action === "start") {
    // A 400 names each invalid input: list them, the summary alone says "invalid parameters".
    const lines = failure.errors.length > 0 ? failure.errors : [detail];
    return { ...base, title: strings.text("Failure_StartTitle"), lines };
  }
  return { ...base, title: strings.format("Error_Action", detail) };
}

export function failureText(view: FailureView): string {
  return [view.title, ...view.lines].join(". ");
}
