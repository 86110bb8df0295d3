import * as React from "react";
import { Button, Caption1, mergeClasses, useId } from "@fluentui/react-components";
import { canCancel, canResume, canRetryFailed, isTerminal, type Job } from "../api/job";
import type { SyncAction } from "../state/sync-reducer";
import type { Strings } from "../strings";
import type { DisabledReason } from "./BackgroundSync";
import { StartButton } from "./StartButton";
import { useSyncActionsStyles } from "./SyncActions.styles";

export interface SyncActionsProps {
  job: Job | null;
  pending: SyncAction | null;
  /** The record's jobs are still being read: starting now could run a second job beside one. */
  loading: boolean;
  reason: DisabledReason | null;
  /** The id of the message saying a throttled start waits for its time: no other start meanwhile. */
  waitingOn: string | null;
  label: string;
  compact: boolean;
  strings: Strings;
  onStart: () => void;
  /** Asks for confirmation first (LiveSync's dialog). */
  onCancel: () => void;
  onResume: () => void;
  onRetry: () => void;
  /** Set when sign-in is required: Sign in is then the primary action, from the click MSAL's popup needs. */
  onSignIn: (() => void) | null;
}

/**
 * The one row of actions, always under the status: Cancel while a job runs; after a failure or a
 * cancel one primary way on (Resume when records went through, else Retry) with a line saying what it
 * does; otherwise Sync now. The buttons differ in kind, so React never turns a focused Sync now into
 * Cancel under a keyboard user.
 */
export function SyncActions(props: SyncActionsProps): React.ReactElement {
  const { job, pending, reason, strings } = props;
  const styles = useSyncActionsStyles();
  const noticeId = useId("bgsync-disabled-");
  if (job !== null && !isTerminal(job.status)) {
    const blocked = reason !== null || pending !== null;
    return (
      <div className={mergeClasses(styles.root, props.compact && styles.compact)}>
        <div className={styles.row}>
          {props.onSignIn !== null && (
            <Button appearance="primary" onClick={props.onSignIn} data-testid="bgsync-sign-in">
              {strings.text("SignIn")}
            </Button>
          )}
          {canCancel(job) && (
            <Button
              data-testid="bgsync-cancel"
              disabledFocusable={blocked}
              aria-describedby={reason !== null ? noticeId : undefined}
              onClick={props.onCancel}
            >
              {strings.text("Cancel")}
            </Button>
          )}
        </div>
        {job.status === "canceling" && (
          <Caption1 className={styles.note} data-testid="bgsync-cancel-note">
            {strings.text("Cancel_Note")}
          </Caption1>
        )}
        {reason !== null && (
          <Caption1 id={noticeId} className={styles.note} data-testid="bgsync-disabled" data-reason={reason}>
            {strings.text(reason === "offline" ? "Disabled_OfflineRunning" : "Disabled_ReadOnly")}
          </Caption1>
        )}
      </div>
    );
  }
  if (props.onSignIn !== null) {
    return (
      <StartButton
        label={strings.text("SignIn")}
        reason={reason}
        busy={false}
        compact={props.compact}
        strings={strings}
        onStart={props.onSignIn}
        testId="bgsync-sign-in"
      />
    );
  }
  const recovery = job !== null && (job.status === "failed" || job.status === "canceled");
  const resume = recovery && canResume(job);
  return (
    <StartButton
      // After a sync that left records failed, Retry failed records (below) is the one next step.
      appearance={job !== null && canRetryFailed(job) ? "secondary" : "primary"}
      label={recovery ? strings.text(resume ? "Resume" : "Retry") : props.label}
      hint={recovery ? strings.text(resume ? "Hint_Resume" : "Hint_Retry") : undefined}
      reason={reason}
      waitingOn={props.waitingOn}
      busy={(pending !== null && pending !== "cancel") || props.loading}
      busyText={strings.text(props.loading ? "Loading" : "Starting")}
      compact={props.compact}
      strings={strings}
      onStart={recovery ? (resume ? props.onResume : props.onRetry) : props.onStart}
    />
  );
}
