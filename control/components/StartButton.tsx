import * as React from "react";
import { Button, Caption1, mergeClasses, Spinner, useId } from "@fluentui/react-components";
import type { StringKey, Strings } from "../strings";
import type { DisabledReason } from "./BackgroundSync";
import { useStartButtonStyles } from "./StartButton.styles";

export interface StartButtonProps {
  label: string;
  reason: DisabledReason | null;
  /** The id of what the button waits for (a throttled start's message): disabled, described by it. */
  waitingOn?: string | null;
  busy: boolean;
  /** What the button says while busy; "Starting…" unless told otherwise. */
  busyText?: string;
  /** One line under the button saying what it does (Resume, Retry). */
  hint?: string;
  compact: boolean;
  strings: Strings;
  onStart: () => void;
  /** Secondary when another action is the obvious next step (Retry failed records). */
  appearance?: "primary" | "secondary";
  /** "bgsync-start" unless the button does something else (Sign in). */
  testId?: string;
  className?: string;
}

const REASON_TEXT: Record<DisabledReason, StringKey> = {
  unsaved: "Disabled_Unsaved",
  readOnly: "Disabled_ReadOnly",
  offline: "Disabled_Offline",
};

/**
 * The start button, primary unless another action is the next step. Disabled but still focusable,
 * so keyboard and screen-reader users hear why.
 */
export function StartButton(props: StartButtonProps): React.ReactElement {
  const { reason, busy, strings, hint } = props;
  const styles = useStartButtonStyles();
  // Per instance: two controls on one form must not share ids (React 16 has no useId; Fluent's works).
  const noticeId = useId("bgsync-disabled-");
  const hintId = useId("bgsync-hint-");
  const waitingOn = props.waitingOn ?? null;
  const describedBy = [reason !== null ? noticeId : null, waitingOn, hint !== undefined ? hintId : null]
    .filter((id) => id !== null)
    .join(" ");
  return (
    <div className={mergeClasses(styles.root, props.compact && styles.compact, props.className)}>
      <div className={mergeClasses(styles.row, props.compact && styles.compact)}>
        <Button
          appearance={props.appearance ?? "primary"}
          disabledFocusable={reason !== null || busy || waitingOn !== null}
          aria-describedby={describedBy || undefined}
          icon={busy ? <Spinner size="tiny" /> : undefined}
          onClick={props.onStart}
          data-testid={props.testId ?? "bgsync-start"}
        >
          {busy ? (props.busyText ?? strings.text("Starting")) : props.label}
        </Button>
      </div>
      {hint !== undefined && (
        <Caption1 id={hintId} className={styles.notice} data-testid="bgsync-hint">
          {hint}
        </Caption1>
      )}
      {reason !== null && (
        <Caption1 id={noticeId} className={styles.notice} data-testid="bgsync-disabled" data-reason={reason}>
          {strings.text(REASON_TEXT[reason])}
        </Caption1>
      )}
    </div>
  );
}
