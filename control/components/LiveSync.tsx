import * as React from "react";
import { Button, Caption1, MessageBar, MessageBarBody } from "@fluentui/react-components";
import { useKeepFocus } from "../hooks/use-keep-focus";
import { useSyncJob } from "../hooks/use-sync-job";
import { describeJob, type JobView } from "../job-view";
import type { SyncState } from "../state/sync-reducer";
import type { StringKey, Strings } from "../strings";
import type { DisabledReason } from "./BackgroundSync";
import { ConfirmFullSync } from "./ConfirmFullSync";
import { ConnectionIndicator } from "./ConnectionIndicator";
import { JobActions } from "./JobActions";
import { JobHistory } from "./JobHistory";
import { JobStatus } from "./JobStatus";
import { LiveAnnouncer } from "./LiveAnnouncer";
import { useLiveSyncStyles } from "./LiveSync.styles";
import { DISABLED_NOTICE_ID, StartButton } from "./StartButton";
import type { SyncPanelProps } from "./SyncPanel";

export interface LiveSyncProps extends Omit<SyncPanelProps, "record"> {
  record: { entityName: string; id: string };
  reason: DisabledReason | null;
  online: boolean;
  label: string;
}

/** A saved record: start, follow, cancel, resume and list its jobs. */
export function LiveSync(props: LiveSyncProps): React.ReactElement {
  const { config, strings, format, reason } = props;
  const styles = useLiveSyncStyles();
  const sync = useSyncJob({
    config,
    record: props.record,
    boundJobId: props.boundJobId,
    deps: props.deps,
    readColumns: props.services.readColumns,
    loginHint: props.services.loginHint,
    onJobIdChange: props.onJobIdChange,
    lifetime: props.lifetime,
    online: props.online,
  });
  const { state } = sync;
  const [confirming, setConfirming] = React.useState(false);
  const view = state.job === null ? null : describeJob(state.job, strings, format);
  const { ref: regionRef, onFocus, onBlur } = useKeepFocus<HTMLDivElement>(view?.active);
  // Nothing loads while a reason disables the control (offline): then that reason is what to show.
  const loading = !state.loaded && reason === null;
  const requestStart = (): void => (needsConfirmation(config) ? setConfirming(true) : sync.start());
  const actions = state.job !== null && (
    <JobActions
      job={state.job}
      pending={state.pending}
      disabledBy={reason !== null ? DISABLED_NOTICE_ID : undefined}
      strings={strings}
      onCancel={sync.cancel}
      onResume={sync.resume}
      onRetry={sync.retry}
    />
  );
  // Shown beside the job's actions too: a live watch can also end because the token ran out.
  const signIn = state.signInRequired && (
    <Button onClick={sync.signIn} data-testid="bgsync-sign-in">
      {strings.text("SignIn")}
    </Button>
  );
  return (
    <div className={styles.root} ref={regionRef} onFocus={onFocus} onBlur={onBlur}>
      <LiveAnnouncer message={announcement(view, state, strings)} />
      {view?.active ? (
        <JobStatus view={view}>
          {actions}
          {signIn}
        </JobStatus>
      ) : (
        <StartButton
          label={props.label}
          reason={reason}
          busy={state.pending === "start" || loading}
          busyText={strings.text(loading ? "Loading" : "Starting")}
          compact={props.compact}
          strings={strings}
          onStart={requestStart}
        >
          {signIn}
        </StartButton>
      )}
      {view?.active && reason !== null && (
        <Caption1
          id={DISABLED_NOTICE_ID}
          className={styles.notice}
          data-testid="bgsync-disabled"
          data-reason={reason}
        >
          {strings.text(reason === "offline" ? "Disabled_Offline" : "Disabled_ReadOnly")}
        </Caption1>
      )}
      {state.signInRequired && (
        <Caption1
          className={styles.notice}
          data-testid="bgsync-sign-in-reason"
          data-reason={state.signInReason}
        >
          {strings.text(SIGN_IN_TEXT[state.signInReason])}
        </Caption1>
      )}
      {state.failure !== null && (
        <MessageBar intent="error" data-testid="bgsync-failure">
          <MessageBarBody>{failureText(state, strings)}</MessageBarBody>
        </MessageBar>
      )}
      {view !== null && !view.active && <JobStatus view={view}>{actions}</JobStatus>}
      {view?.active && <ConnectionIndicator state={state.connection} strings={strings} />}
      {config.historyRows > 0 && (
        <JobHistory
          jobs={state.history}
          rows={config.historyRows}
          compact={props.compact}
          strings={strings}
          format={format}
        />
      )}
      <ConfirmFullSync
        open={confirming}
        strings={strings}
        onConfirm={() => {
          setConfirming(false);
          sync.start();
        }}
        onDismiss={() => setConfirming(false)}
      />
    </div>
  );
}

const SIGN_IN_TEXT = {
  needed: "SignIn_Prompt",
  refused: "SignIn_Refused",
  blocked: "SignIn_Blocked",
  unavailable: "SignIn_Unavailable",
} as const satisfies Record<SyncState["signInReason"], StringKey>;

function needsConfirmation(config: LiveSyncProps["config"]): boolean {
  const mode = config.template.SyncMode;
  return config.confirmFullSync && typeof mode === "string" && mode.toLowerCase() === "full";
}

function announcement(view: JobView | null, state: SyncState, strings: Strings): string {
  if (state.failure !== null) return failureText(state, strings);
  if (view === null) return "";
  const status = strings.format("Announce_Status", view.statusText);
  return view.summary === null ? status : `${status}. ${view.summary}`;
}

function failureText(state: SyncState, strings: Strings): string {
  const detail = state.failure?.detail ?? strings.text("Error_Network");
  return strings.format(state.failure?.action === "start" ? "Error_Start" : "Error_Action", detail);
}
