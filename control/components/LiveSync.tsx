import * as React from "react";
import { isTerminal } from "../api/job";
import { useKeepFocus } from "../hooks/use-keep-focus";
import { useScheduleSummary } from "../hooks/use-schedule-summary";
import { useFailureView } from "../hooks/use-failure-view";
import { HISTORY_LOAD } from "../hooks/use-record-jobs";
import { useSyncJob } from "../hooks/use-sync-job";
import { describeJob } from "../job-view";
import { useJobTiming } from "../hooks/use-job-timing";
import { announcement } from "../live-sync-text";
import type { DisabledReason } from "./BackgroundSync";
import { FailedRecords } from "./FailedRecords";
import { JobHistory } from "./JobHistory";
import { JobStatus } from "./JobStatus";
import { LiveAnnouncer } from "./LiveAnnouncer";
import { ScheduleLine } from "./ScheduleLine";
import { useLiveSyncStyles } from "./LiveSync.styles";
import { SyncActions } from "./SyncActions";
import { needsConfirmation, SyncConfirmations, type Confirming } from "./SyncConfirmations";
import { SyncNotices } from "./SyncNotices";
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
  const schedule = useScheduleSummary(
    sync.client,
    props.record,
    props.online,
    state.job === null ? null : `${state.job.id}:${state.job.status}`,
  );
  const { view: failure, spoken, id: failureId, waitingOn } = useFailureView(state.failure, strings);
  const [confirming, setConfirming] = React.useState<Confirming>(null);
  const view = state.job === null ? null : describeJob(state.job, strings, format);
  const { retry, timing } = useJobTiming(state, strings, format, props.online);
  const {
    ref: regionRef,
    statusRef,
    onFocus,
    onBlur,
    focusNextStatus,
    focusStatus,
  } = useKeepFocus<HTMLDivElement>(
    state.job === null ? null : `${state.job.id}:${state.job.status}`,
    state.pending,
  );
  // Nothing loads while a reason disables the control (offline): then that reason is what to show.
  const loading = !state.loaded && reason === null;
  const act = (action: () => void) => () => {
    focusNextStatus();
    action();
  };
  const start = act(sync.start);
  const closeDialog = (): void => {
    const was = confirming;
    setConfirming(null);
    // The dialog gives focus back to nothing: keep it in the control, on what opened the dialog.
    const opener = was === "cancel" ? "bgsync-cancel" : "bgsync-start";
    regionRef.current?.querySelector<HTMLElement>(`[data-testid="${opener}"]`)?.focus();
  };
  const tryAgain = { load: sync.reload, start, cancel: sync.cancel, resume: act(sync.resume) };
  return (
    <div className={styles.root} ref={regionRef} onFocus={onFocus} onBlur={onBlur}>
      <LiveAnnouncer message={announcement(view, spoken, strings, retry)} />
      {view !== null && (
        <JobStatus
          view={view}
          label={strings.text("Status_Label")}
          statusRef={statusRef}
          retry={retry}
          timing={timing}
        />
      )}
      <SyncActions
        job={state.job}
        pending={state.pending}
        loading={loading}
        reason={reason}
        waitingOn={waitingOn}
        label={props.label}
        compact={props.compact}
        strings={strings}
        onStart={() => (needsConfirmation(config) ? setConfirming("full") : start())}
        onCancel={() => setConfirming("cancel")}
        onResume={act(sync.resume)}
        onRetry={act(sync.retry)}
        onSignIn={state.signInRequired ? sync.signIn : null}
      />
      {state.job !== null && isTerminal(state.job.status) && state.job.progress.failed > 0 && (
        <FailedRecords
          // A new job (the retry) starts with the list closed.
          key={state.job.id}
          job={state.job}
          strings={strings}
          format={format}
          load={sync.loadFailures}
          onRetry={act(sync.retryFailed)}
          busy={state.pending !== null || waitingOn !== null}
        />
      )}
      <SyncNotices
        signIn={state.signInRequired ? state.signInReason : null}
        failure={failure}
        failureId={failureId}
        onTryAgain={tryAgain[state.failure?.action ?? "load"]}
        connection={view?.active ? state.connection : null}
        strings={strings}
      />
      <ScheduleLine summary={schedule} strings={strings} format={format} />
      {/* Signed out, nothing is known yet and the sign-in above says what to do: no second line. */}
      {config.historyRows > 0 && state.historyState !== "signed-out" && (
        <JobHistory
          // The job above is not repeated as the first row.
          jobs={state.history.filter((job) => job.id !== state.job?.id)}
          state={state.historyState}
          hasCurrent={state.job !== null}
          more={state.history.length >= HISTORY_LOAD}
          rows={config.historyRows}
          compact={props.compact}
          strings={strings}
          format={format}
        />
      )}
      <SyncConfirmations
        confirming={confirming}
        strings={strings}
        onStart={() => {
          setConfirming(null);
          start();
        }}
        onCancel={() => {
          setConfirming(null);
          focusStatus();
          sync.cancel();
        }}
        onDismiss={closeDialog}
      />
    </div>
  );
}
