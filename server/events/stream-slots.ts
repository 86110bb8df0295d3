/**
 * Per-user cap on open event streams. Each stream holds a socket, a hub subscription and buffers
 * (about 6 KB of heap, BENCHMARKS.md); without a cap one user can open thousands. A slot is taken when a stream opens
 * and given back exactly once when it closes, whichever side closes it.
 */
export function createStreamSlots(maxPerUser: number) {
  const open = new Map<string, number>();
  return {
    /** A release function, or null when the user already has `maxPerUser` streams open. */
    acquire(userId: string): (() => void) | null {
      const n = open.get(userId) ?? 0;
      if (n >= maxPerUser) return null;
      open.set(userId, n + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (open.get(userId) ?? 1) - 1;
        if (left > 0) open.set(userId, left);
        else open.delete(userId);
      };
    },
  };
}
