import { describeFailure, type FailureView } from "../failure-view";
import type { Failure } from "../state/sync-reducer";
import type { Strings } from "../strings";
import { useNow } from "./use-now";

/**
 * The failure on screen, its wait counting down while a throttled start waits for its Retry-After;
 * and the same failure as the live region says it, once, with the wait the API gave.
 */
export function useFailureView(
  failure: Failure | null,
  strings: Strings,
): { view: FailureView | null; spoken: FailureView | null } {
  const now = useNow(failure?.retryAt != null);
  if (failure === null) return { view: null, spoken: null };
  return { view: describeFailure(failure, strings, now), spoken: describeFailure(failure, strings) };
}
