import * as React from "react";

export interface KeepFocus<T extends HTMLElement> {
  ref: React.RefObject<T>;
  onFocus: () => void;
  onBlur: (event: React.FocusEvent) => void;
}

/**
 * The primary button turns into the live status and back, so the focused button disappears under a
 * keyboard user. When `view` changes and focus fell to <body> from inside this region, focus the
 * region's first button (Cancel, or Sync now) instead of sending the user back to the page's top.
 */
export function useKeepFocus<T extends HTMLElement>(view: unknown): KeepFocus<T> {
  const ref = React.useRef<T>(null);
  const hadFocus = React.useRef(false);
  React.useEffect(() => {
    const root = ref.current;
    const active = document.activeElement;
    if (!hadFocus.current || root === null || (active !== null && active !== document.body)) return;
    root.querySelector<HTMLElement>("button")?.focus();
  }, [view]);
  return {
    ref,
    onFocus: () => {
      hadFocus.current = true;
    },
    onBlur: (event) => {
      // relatedTarget is null when the focused element is removed: that is the case to repair.
      const next = event.relatedTarget;
      if (next instanceof Node && !ref.current?.contains(next)) hadFocus.current = false;
    },
  };
}
