import * as React from "react";
import { Button, Caption1, mergeClasses } from "@fluentui/react-components";
import { canCancel, canResume, type Job } from "../api/job";
import type { SyncAction } from "../state/sync-reducer";
import type { Strings } from "../strings";
import { useJobActionsStyles } from "./JobActions.styles";

export interface JobActionsProps {
  job: Job;
  pending: SyncAction | null;
  /** Set when the control is disabled (read-only, offline): buttons stay focusable and say why. */
  disabledBy: string | undefined;
  strings: Strings;
  onCancel: () => void;
  onResume: () => void;
  onRetry: () => void;
  className?: string;
}

export function JobActions(props: JobActionsProps): React.ReactElement | null {
  const { job, pending, disabledBy, strings } = props;
  const styles = useJobActionsStyles();
  const noteId = `bgsync-cancel-note-${job.id}`;
  const blocked = disabledBy !== undefined || pending !== null;
  const showCancel = canCancel(job);
  const showNote = showCancel || job.status === "canceling";
  const showResume = canResume(job);
  const showRetry = job.status === "failed" || job.status === "canceled";
  if (!showCancel && !showNote && !showResume && !showRetry) return null;
  const common = { disabledFocusable: blocked, "aria-describedby": disabledBy };
  return (
    <div className={mergeClasses(styles.root, props.className)}>
      <div className={styles.buttons}>
        {showCancel && (
          <Button
            {...common}
            aria-describedby={[noteId, disabledBy].join(" ").trim()}
            onClick={props.onCancel}
          >
            {strings.text("Cancel")}
          </Button>
        )}
        {showResume && (
          <Button {...common} onClick={props.onResume}>
            {strings.text("Resume")}
          </Button>
        )}
        {showRetry && (
          <Button {...common} onClick={props.onRetry}>
            {strings.text("Retry")}
          </Button>
        )}
      </div>
      {showNote && (
        <Caption1 id={noteId} className={styles.note} data-testid="bgsync-cancel-note">
          {strings.text("Cancel_Note")}
        </Caption1>
      )}
    </div>
  );
}
