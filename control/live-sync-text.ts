import type { FailureView } from "./failure-view";
import { failureText } from "./failure-view";
import type { JobView } from "./job-view";
import { sentences } from "./sentences";
import type { SyncState } from "./state/sync-reducer";
import type { StringKey, Strings } from "./strings";

/** What the control says under its actions while sign-in stands in the way, by reason. */
export const SIGN_IN_TEXT = {
  needed: "SignIn_Prompt",
  refused: "SignIn_Refused",
  blocked: "SignIn_Blocked",
  unavailable: "SignIn_Unavailable",
} as const satisfies Record<SyncState["signInReason"], StringKey>;

/**
 * What a screen reader hears when the job or the failure changes; a retry Dataverse began is such a
 * change, though the status stays Running. A failed job says why, as its error box does.
 */
export function announcement(
  view: JobView | null,
  failure: FailureView | null,
  strings: Strings,
  retry: string | null = null,
): string {
  if (failure !== null) return failureText(failure);
  if (view === null) return "";
  const cause = view.error === null ? null : `${view.error.title}: ${view.error.message}`;
  return sentences([strings.format("Announce_Status", view.statusText), cause, view.summary ?? retry]);
}
