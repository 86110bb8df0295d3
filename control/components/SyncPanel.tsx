import * as React from "react";
import type { ControlConfig } from "../config";
import type { ControlDeps } from "../deps";
import type { Formatter } from "../format";
import { useOnline } from "../hooks/use-online";
import type { Strings } from "../strings";
import type { DisabledReason, RecordServices } from "./BackgroundSync";
import { LiveSync } from "./LiveSync";
import { StartButton } from "./StartButton";

export interface SyncPanelProps {
  config: ControlConfig;
  record: { entityName: string; id: string | null };
  boundJobId: string | null;
  disabledReason: DisabledReason | null;
  compact: boolean;
  strings: Strings;
  format: Formatter;
  services: RecordServices;
  deps: ControlDeps;
  onJobIdChange: (jobId: string) => void;
  lifetime: AbortSignal;
}

/** An unsaved record has no id to sync or to list jobs for: show the disabled button and nothing else. */
export function SyncPanel(props: SyncPanelProps): React.ReactElement {
  const { record, strings } = props;
  const online = useOnline();
  const reason = props.disabledReason ?? (online ? null : "offline");
  const label =
    props.config.buttonLabel ??
    strings.text(props.config.scope === "table" ? "SyncNow_table" : "SyncNow_record");
  if (record.id === null) {
    return (
      <StartButton
        label={label}
        reason="unsaved"
        busy={false}
        compact={props.compact}
        strings={strings}
        onStart={noop}
      />
    );
  }
  return (
    <LiveSync
      {...props}
      record={{ entityName: record.entityName, id: record.id }}
      reason={reason}
      online={online}
      label={label}
    />
  );
}

function noop(): void {}
