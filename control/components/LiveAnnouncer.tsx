import * as React from "react";
import { mergeClasses } from "@fluentui/react-components";
import { useLiveAnnouncerStyles } from "./LiveAnnouncer.styles";

export interface LiveAnnouncerProps {
  message: string;
  className?: string;
}

/**
 * A polite live region that is always in the DOM (a region inserted together with its text is not
 * announced), so each status change is read once without moving focus.
 */
export function LiveAnnouncer({ message, className }: LiveAnnouncerProps): React.ReactElement {
  const styles = useLiveAnnouncerStyles();
  return (
    <div
      className={mergeClasses(styles.hidden, className)}
      role="status"
      aria-live="polite"
      aria-atomic="true"
      data-testid="bgsync-announcer"
    >
      {message}
    </div>
  );
}
