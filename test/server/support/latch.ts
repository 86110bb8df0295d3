/** A gate a test opens by hand: what waits on `opened` goes on only once `open` is called. */
export function latch() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}
