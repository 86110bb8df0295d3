import * as React from "react";
import { Caption1 } from "@fluentui/react-components";
import type { ConnectionState } from "../api/job-stream";
import type { SignInReason } from "../auth/token-provider";
import type { FailureView } from "../failure-view";
import { isDegraded } from "../hooks/use-job-timing";
import { SIGN_IN_TEXT } from "../live-sync-text";
import type { Strings } from "../strings";
import { ConnectionIndicator } from "./ConnectionIndicator";
import { FailureBar } from "./FailureBar";
import { useSyncNoticesStyles } from "./SyncNotices.styles";

export interface SyncNoticesProps {
  /** Why signing in is needed, while it is. */
  signIn: SignInReason | null;
  failure: FailureView | null;
  /** The failure message's id: a throttled start's waiting buttons are described by it. */
  failureId: string;
  onTryAgain: () => void;
  /** The live stream of an active job; said only when it is degraded. */
  connection: ConnectionState | null;
  strings: Strings;
}

/** What stands between the user and the next step: a sign-in, a failed request, a degraded stream. */
export function SyncNotices(props: SyncNoticesProps): React.ReactElement {
  const { signIn, failure, connection, strings } = props;
  const styles = useSyncNoticesStyles();
  return (
    <>
      {signIn !== null && (
        <Caption1 className={styles.signIn} data-testid="bgsync-sign-in-reason" data-reason={signIn}>
          {strings.text(SIGN_IN_TEXT[signIn])}
        </Caption1>
      )}
      {failure !== null && (
        <FailureBar id={props.failureId} view={failure} strings={strings} onTryAgain={props.onTryAgain} />
      )}
      {connection !== null && isDegraded(connection) && (
        <ConnectionIndicator state={connection} strings={strings} />
      )}
    </>
  );
}
