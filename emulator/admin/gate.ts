/**
 * A latch a test opens and closes through the admin API: while closed, `pass()` waits; opening it lets
 * every waiter through at once (or `release(n)` lets n through and stays closed). It replaces "slow enough" delays with "held until released".
 */
export interface Gate {
  readonly closed: boolean;
  /** How many callers wait at the gate now. */
  readonly waiting: number;
  set(closed: boolean): void;
  /** Lets the first `count` waiters through and keeps the gate as it is. */
  release(count: number): void;
  pass(): Promise<void>;
}

export function createGate(): Gate {
  let closed = false;
  let waiters: (() => void)[] = [];
  return {
    get closed() {
      return closed;
    },
    get waiting() {
      return waiters.length;
    },
    set(next) {
      closed = next;
      if (closed) return;
      const released = waiters;
      waiters = [];
      released.forEach((resolve) => resolve());
    },
    release(count) {
      waiters.splice(0, count).forEach((resolve) => resolve());
    },
    pass: () => (closed ? new Promise<void>((resolve) => waiters.push(resolve)) : Promise.resolve()),
  };
}
