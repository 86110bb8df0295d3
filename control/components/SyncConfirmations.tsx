import * as React from "react";
import type { ControlConfig } from "../config";
import type { Strings } from "../strings";
import { ConfirmDialog } from "./ConfirmDialog";

export type Confirming = "full" | "cancel" | null;

export interface SyncConfirmationsProps {
  confirming: Confirming;
  strings: Strings;
  onStart: () => void;
  onCancel: () => void;
  onDismiss: () => void;
}

/** The one question the control may be asking: run a table's full sync, or cancel the running one. */
export function SyncConfirmations(props: SyncConfirmationsProps): React.ReactElement | null {
  const { strings } = props;
  if (props.confirming === "full")
    return (
      <ConfirmDialog
        title={strings.text("Confirm_Title")}
        body={strings.text("Confirm_Body")}
        backText={strings.text("Confirm_Back")}
        confirmText={strings.text("Confirm_Ok")}
        onConfirm={props.onStart}
        onDismiss={props.onDismiss}
      />
    );
  if (props.confirming === "cancel")
    return (
      <ConfirmDialog
        title={strings.text("CancelConfirm_Title")}
        body={strings.text("Cancel_Note")}
        backText={strings.text("CancelConfirm_Keep")}
        confirmText={strings.text("CancelConfirm_Ok")}
        onConfirm={props.onCancel}
        onDismiss={props.onDismiss}
      />
    );
  return null;
}

/** Only a table is worth confirming: a full sync of one record is as cheap as any other. */
export function needsConfirmation(config: ControlConfig): boolean {
  const mode = config.template.SyncMode;
  const full = typeof mode === "string" && mode.toLowerCase() === "full";
  return config.scope === "table" && config.confirmFullSync && full;
}
