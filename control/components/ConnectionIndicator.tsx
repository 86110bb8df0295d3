import * as React from "react";
import { Caption1, mergeClasses } from "@fluentui/react-components";
import type { ConnectionState } from "../api/job-stream";
import type { StringKey, Strings } from "../strings";
import { useConnectionIndicatorStyles } from "./ConnectionIndicator.styles";

export interface ConnectionIndicatorProps {
  state: ConnectionState;
  strings: Strings;
  className?: string;
}

const TEXT: Record<Exclude<ConnectionState, "closed">, StringKey> = {
  connecting: "Connection_Connecting",
  live: "Connection_Live",
  reconnecting: "Connection_Reconnecting",
  polling: "Connection_Polling",
};

/** How fresh the status is: the dot only repeats what the words say. */
export function ConnectionIndicator({
  state,
  strings,
  className,
}: ConnectionIndicatorProps): React.ReactElement | null {
  const styles = useConnectionIndicatorStyles();
  if (state === "closed") return null;
  const dot = state === "live" ? styles.live : state === "polling" ? styles.degraded : styles.pending;
  return (
    <span className={mergeClasses(styles.root, className)} data-testid="bgsync-connection" data-state={state}>
      <span className={mergeClasses(styles.dot, dot)} aria-hidden="true" />
      <Caption1>{strings.text(TEXT[state])}</Caption1>
    </span>
  );
}
