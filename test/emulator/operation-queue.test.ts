import { afterEach, describe, expect, it, vi } from "vitest";
import { createClock } from "../../emulator/clock";
import type { CallbackSender } from "../../emulator/engine/callbacks";
import { createOperationQueue } from "../../emulator/engine/operation-queue";
import type { RunResult } from "../../emulator/engine/execute";
import { State, Status, type BackgroundOperation } from "../../emulator/engine/operation";
import { createOperationStore } from "../../emulator/engine/operation-store";

afterEach(() => {
  vi.useRealTimers();
});

const operation = (): BackgroundOperation => ({
  id: "00000000-0000-4000-8000-000000000001",
  name: "sample_SyncRecordsToExternalSystem",
  displayName: "Sync",
  input: {},
  outputs: null,
  stateCode: State.Ready,
  statusCode: Status.WaitingForResources,
  errorCode: null,
  errorMessage: null,
  createdOn: new Date(),
  startTime: null,
  endTime: null,
  retryCount: 0,
  runAs: "user",
  ttlInSeconds: 1,
  callbackUrl: null,
  location: "http://127.0.0.1/op",
  cancelRequested: false,
  version: 1,
});

describe("the background-operation queue", () => {
  it("still retries when the backoff timer fires a millisecond before the backoff's end", async () => {
    vi.useFakeTimers();
    const store = createOperationStore();
    const results: RunResult[] = [
      { ok: false, code: "0x80040265", message: "first run fails" },
      { ok: true, outputs: { SyncedCount: 1 } },
    ];
    const callbacks: CallbackSender = { send: vi.fn(), log: () => [], reset: () => undefined };
    const engine = createOperationQueue({
      clock: createClock(1),
      store,
      callbacks,
      workers: 1,
      maxRetries: 3,
      backoffBaseMs: 100,
      run: () => Promise.resolve(results.shift() as RunResult),
    });
    const op = operation();
    store.add(op);
    engine.submit(op);
    await vi.advanceTimersByTimeAsync(0);
    expect(op).toMatchObject({ stateCode: State.Ready, retryCount: 1 });
    // Timers and Date.now() round differently: the timer may fire while Date.now() is 1 ms short.
    vi.setSystemTime(Date.now() - 1);
    await vi.advanceTimersByTimeAsync(100);
    await vi.advanceTimersByTimeAsync(5);
    expect(op).toMatchObject({ stateCode: State.Completed, statusCode: Status.Succeeded, retryCount: 1 });
    engine.stop();
  });
});
