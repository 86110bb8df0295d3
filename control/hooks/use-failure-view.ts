import { useId } from "@fluentui/react-components";
import { describeFailure, type FailureView } from "../failure-view";
import type { Failure } from "../state/sync-reducer";
import type { Strings } from "../strings";
import { useNow } from "./use-now";

export interface FailureViews {
  /** The failure on screen, its wait counting down while a throttled start waits for its Retry-After. */
  view: FailureView | null;
  /** The same failure as the live region says it: once, with the wait the API gave. */
  spoken: FailureView | null;
  /** The id of the failure's message. */
  id: string;
  /**
   * That id while a throttled start waits: the start buttons are disabled meanwhile (a second start
   * would only be throttled too) and described by the wait.
   */
  waitingOn: string | null;
}

export function useFailureView(failure: Failure | null, strings: Strings): FailureViews {
  const now = useNow(failure?.retryAt != null);
  const id = useId("bgsync-failure-");
  if (failure === null) return { view: null, spoken: null, id, waitingOn: null };
  const view = describeFailure(failure, strings, now);
  const spoken = describeFailure(failure, strings);
  return { view, spoken, id, waitingOn: view.retryInSeconds !== null ? id : null };
}
