import * as React from "react";
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from "@fluentui/react-components";
import type { Strings } from "../strings";

export interface ConfirmFullSyncProps {
  open: boolean;
  strings: Strings;
  onConfirm: () => void;
  onDismiss: () => void;
}

/** Asked before a sync whose template says SyncMode "Full" (manifest input confirmFullSync). */
export function ConfirmFullSync({
  open,
  strings,
  onConfirm,
  onDismiss,
}: ConfirmFullSyncProps): React.ReactElement {
  return (
    <Dialog open={open} modalType="alert" onOpenChange={(_event, data) => !data.open && onDismiss()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{strings.text("Confirm_Title")}</DialogTitle>
          <DialogContent>{strings.text("Confirm_Body")}</DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onConfirm}>
              {strings.text("Confirm_Ok")}
            </Button>
            <Button onClick={onDismiss}>{strings.text("Confirm_Back")}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
