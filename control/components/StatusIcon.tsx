import * as React from "react";
import type { StatusKind } from "../job-view";

/** Inline SVG glyphs (16 px, currentColor): @fluentui/react-icons breaks the virtual build (see PCF facts). */
const PATHS: Record<StatusKind, string> = {
  queued:
    "M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2Zm0 1a5 5 0 1 1 0 10A5 5 0 0 1 8 3Zm-.5 1.5v4l2.6 1.6.5-.8-2.1-1.3V4.5h-1Z",
  running:
    "M8 2.5a5.5 5.5 0 0 1 5.2 3.7l.8-.8.7.7-2 2-2-2 .7-.7.8.8A4.5 4.5 0 0 0 3.7 6.7l-.9-.4A5.5 5.5 0 0 1 8 2.5Zm-6 5.3 2 2-.7.7-.8-.8a4.5 4.5 0 0 0 8.5.6l.9.4A5.5 5.5 0 0 1 2.8 9.8l-.8.8-.7-.7 2-2Z",
  canceling: "M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2Zm0 1a5 5 0 1 1 0 10A5 5 0 0 1 8 3ZM5 7.5h6v1H5v-1Z",
  succeeded:
    "M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2Zm0 1a5 5 0 1 1 0 10A5 5 0 0 1 8 3Zm2.6 2.9L7.2 9.3 5.4 7.5l-.7.7 2.5 2.5 4.1-4.1-.7-.7Z",
  completedWithErrors:
    "M7.1 2.6a1 1 0 0 1 1.8 0l5 9.4A1 1 0 0 1 13 13.5H3a1 1 0 0 1-.9-1.5l5-9.4ZM8 3.1 3 12.5h10L8 3.1Zm-.5 3.4h1v3.3h-1V6.5Zm.5 4.2a.65.65 0 1 1 0 1.3.65.65 0 0 1 0-1.3Z",
  failed:
    "M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2Zm0 1a5 5 0 1 1 0 10A5 5 0 0 1 8 3Zm-.5 2v4h1V5h-1Zm.5 5.2a.7.7 0 1 0 0 1.4.7.7 0 0 0 0-1.4Z",
  canceled:
    "M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2Zm0 1a5 5 0 1 1 0 10A5 5 0 0 1 8 3ZM5.9 5.2l-.7.7L7.3 8l-2.1 2.1.7.7L8 8.7l2.1 2.1.7-.7L8.7 8l2.1-2.1-.7-.7L8 7.3 5.9 5.2Z",
};

export interface StatusIconProps {
  status: StatusKind;
  className?: string;
}

/** Decorative: the status text next to it carries the meaning. */
export function StatusIcon({ status, className }: StatusIconProps): React.ReactElement {
  return (
    <svg
      className={className}
      width="16"
      height="16"
      viewBox="0 0 16 16"
      fill="currentColor"
      aria-hidden="true"
      focusable="false"
      data-icon={status}
    >
      <path d={PATHS[status]} />
    </svg>
  );
}
