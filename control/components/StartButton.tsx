import * as React from "react";
import { Button, Caption1, mergeClasses, Spinner } from "@fluentui/react-components";
import type { StringKey, Strings } from "../strings";
import type { DisabledReason } from "./BackgroundSync";
import { useStartButtonStyles } from "./StartButton.styles";

export interface StartButtonProps {
  label: string;
  reason: DisabledReason | null;
  busy: boolean;
  /** What the button says while busy; "Starting…" unless told otherwise. */
  busyText?: string;
  compact: boolean;
  strings: Strings;
  onStart: () => void;
  /** Extra buttons on the same row (Sign in). */
  children?: React.ReactNode;
  className?: string;
}

const REASON_TEXT: Record<DisabledReason, StringKey> = {
  unsaved: "Disabled_Unsaved",
  readOnly: "Disabled_ReadOnly",
  offline: "Disabled_Offline",
};

export const DISABLED_NOTICE_ID = "bgsync-disabled-notice";

/** The one primary button. Disabled but still focusable, so keyboard and screen-reader users hear why. */
export function StartButton(props: StartButtonProps): React.ReactElement {
  const { reason, busy, strings } = props;
  const styles = useStartButtonStyles();
  return (
    <div className={mergeClasses(styles.root, props.compact && styles.compact, props.className)}>
      <Button
        appearance="primary"
        disabledFocusable={reason !== null || busy}
        aria-describedby={reason !== null ? DISABLED_NOTICE_ID : undefined}
        icon={busy ? <Spinner size="tiny" /> : undefined}
        onClick={props.onStart}
        data-testid="bgsync-start"
      >
        {busy ? (props.busyText ?? strings.text("Starting")) : props.label}
      </Button>
      {props.children}
      {reason !== null && (
        <Caption1
          id={DISABLED_NOTICE_ID}
          className={styles.notice}
          data-testid="bgsync-disabled"
          data-reason={reason}
        >
          {strings.text(REASON_TEXT[reason])}
        </Caption1>
      )}
    </div>
  );
}
