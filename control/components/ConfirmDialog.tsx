import * as React from "react";
import { Button, useId } from "@fluentui/react-components";
import { useConfirmDialogStyles } from "./ConfirmDialog.styles";

export interface ConfirmDialogProps {
  title: string;
  body: string;
  /** The safe choice (go back, keep syncing): first, so the dialog focuses it and Enter picks it. */
  backText: string;
  confirmText: string;
  onConfirm: () => void;
  onDismiss: () => void;
}

/**
 * Asks before something hard to undo (a full sync, a cancel); mounted only while asking. A native
 * modal <dialog>: the browser makes the rest of the page inert and traps focus, where Fluent's
 * Dialog hides the page with aria-hidden (over focusable content) and adds focusable aria-hidden
 * sentinels, which axe reports (aria-hidden-focus). showModal focuses the first button, the safe
 * choice, so a second Enter never confirms by accident; Escape goes back.
 */
export function ConfirmDialog(props: ConfirmDialogProps): React.ReactElement {
  const styles = useConfirmDialogStyles();
  const ref = React.useRef<HTMLDialogElement>(null);
  const titleId = useId("bgsync-dialog-title");
  const bodyId = useId("bgsync-dialog-body");
  const { onDismiss } = props;
  React.useEffect(() => {
    const dialog = ref.current;
    dialog?.showModal();
    return () => {
      if (dialog?.open === true) dialog.close();
    };
  }, []);
  // Escape: the browser would close the dialog by itself; going back also moves focus for us.
  React.useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return undefined;
    const onCancel = (event: Event): void => {
      event.preventDefault();
      dialog.close();
      onDismiss();
    };
    dialog.addEventListener("cancel", onCancel);
    return () => dialog.removeEventListener("cancel", onCancel);
  }, [onDismiss]);
  // Closed before the caller moves focus: nothing outside a modal dialog can take it.
  const choose = (action: () => void) => () => {
    ref.current?.close();
    action();
  };
  return (
    <dialog
      ref={ref}
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      className={styles.dialog}
    >
      <h2 id={titleId} className={styles.title}>
        {props.title}
      </h2>
      <p id={bodyId} className={styles.body}>
        {props.body}
      </p>
      <div className={styles.actions}>
        <Button appearance="primary" onClick={choose(onDismiss)}>
          {props.backText}
        </Button>
        <Button onClick={choose(props.onConfirm)}>{props.confirmText}</Button>
      </div>
    </dialog>
  );
}
