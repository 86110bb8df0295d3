/**
 * Emulated time. Durations inside the emulator (plug-in work, the 2-minute limit, retry backoff,
 * service-protection windows) are written in Dataverse milliseconds and scaled by `timeScale`, so a
 * test can run a "2-minute" operation in a second. Timestamps stay real wall-clock times.
 */
export interface Clock {
  readonly timeScale: number;
  /** Real milliseconds for a duration given in emulated milliseconds. */
  toReal(emulatedMs: number): number;
  /** Emulated milliseconds elapsed since a real `Date.now()` reading. */
  emulatedSince(realStartMs: number): number;
  /** Wait an emulated duration; rejects with the signal's reason when aborted. */
  sleep(emulatedMs: number, signal?: AbortSignal): Promise<void>;
}

export function createClock(timeScale: number): Clock {
  if (!(timeScale > 0)) throw new Error(`timeScale must be > 0, got ${timeScale}`);
  const toReal = (emulatedMs: number) => Math.max(0, emulatedMs * timeScale);
  return {
    timeScale,
    toReal,
    emulatedSince: (realStartMs) => (Date.now() - realStartMs) / timeScale,
    sleep: (emulatedMs, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason as Error);
        const onAbort = () => {
          clearTimeout(timer);
          reject(signal?.reason as Error);
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        }, toReal(emulatedMs));
        signal?.addEventListener("abort", onAbort, { once: true });
      }),
  };
}
