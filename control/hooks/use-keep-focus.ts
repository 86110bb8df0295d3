import * as React from "react";

export interface KeepFocus<T extends HTMLElement> {
  ref: React.RefObject<T>;
  /** The status group (tabIndex -1): text, so a repeated Enter or click lands on nothing. */
  statusRef: React.RefObject<HTMLDivElement>;
  onFocus: () => void;
  onBlur: (event: React.FocusEvent) => void;
  /** After the user's own start, resume or retry: the status the answer brings takes focus. */
  focusNextStatus: () => void;
  focusStatus: () => void;
}

/**
 * Sync now turns into Cancel and back, so the focused button disappears under a keyboard user. A
 * second Enter must not land on Cancel (issue 14, item 7): after the user's own action focus goes to
 * the status. When the view changes and focus fell to <body> from inside this region, it goes to the
 * status too, or to the first button when there is no status, never back to the page's top.
 */
export function useKeepFocus<T extends HTMLElement>(viewKey: string | null, pending: unknown): KeepFocus<T> {
  const ref = React.useRef<T>(null);
  const statusRef = React.useRef<HTMLDivElement>(null);
  const hadFocus = React.useRef(false);
  const wanted = React.useRef(false);
  React.useEffect(() => {
    const root = ref.current;
    if (root === null) return;
    const status = statusRef.current;
    if (wanted.current && status !== null) {
      wanted.current = false;
      status.focus();
      return;
    }
    const active = document.activeElement;
    if (!hadFocus.current || (active !== null && active !== document.body)) return;
    (status ?? root.querySelector<HTMLElement>("button"))?.focus();
  }, [viewKey]);
  React.useEffect(() => {
    // The request ended without a new view (it failed): nothing to move to.
    if (pending === null) wanted.current = false;
  }, [pending]);
  return {
    ref,
    statusRef,
    onFocus: () => {
      hadFocus.current = true;
    },
    onBlur: (event) => {
      // relatedTarget is null when the focused element is removed: that is the case to repair.
      const next = event.relatedTarget;
      if (next instanceof Node && !ref.current?.contains(next)) hadFocus.current = false;
    },
    focusNextStatus: () => {
      wanted.current = true;
    },
    focusStatus: () => statusRef.current?.focus(),
  };
}
