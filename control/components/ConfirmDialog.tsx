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

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  body: string;
  /** The safe choice (go back, keep syncing): first, so the dialog focuses it and Enter picks it. */
  backText: string;
  confirmText: string;
  onConfirm: () => void;
  onDismiss: () => void;
}

/**
 * Asks before something hard to undo (a full sync, a cancel). Fluent focuses the first focusable
 * element of the surface, so the safe choice comes first: a second Enter never confirms by accident.
 */
export function ConfirmDialog(props: ConfirmDialogProps): React.ReactElement {
  const { open, onConfirm, onDismiss } = props;
  return (
    <Dialog open={open} modalType="alert" onOpenChange={(_event, data) => !data.open && onDismiss()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{props.title}</DialogTitle>
          <DialogContent>{props.body}</DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onDismiss}>
              {props.backText}
            </Button>
            <Button onClick={onConfirm}>{props.confirmText}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
