/**
 * Serializes work per key (a job id) inside this process: a callback, a poll, a cancel and the start
 * response of one job never interleave, while different jobs proceed in parallel. The store's
 * version check still guards against other instances.
 */
export function createKeyedMutex() {
  const tails = new Map<string, Promise<unknown>>();
  return async function withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

export type WithLock = ReturnType<typeof createKeyedMutex>;
