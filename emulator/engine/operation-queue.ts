import type { Clock } from "../clock";
import type { CallbackSender } from "./callbacks";
import type { RunResult } from "./execute";
import { isTerminal, State, Status, type BackgroundOperation } from "./operation";
import { outcomeOf } from "./outcome";
import type { OperationStore } from "./operation-store";

export interface OperationQueueDeps {
  clock: Clock;
  store: OperationStore;
  callbacks: CallbackSender;
  workers: number;
  maxRetries: number;
  backoffBaseMs: number;
  /** Runs the operation's plug-in once (executePlugin bound to the operation's Custom API). */
  run(op: BackgroundOperation): Promise<RunResult>;
}

export type CancelResult = "canceling" | "terminal";

export interface OperationQueue {
  submit(op: BackgroundOperation): void;
  /** DELETE / PATCH cancel: 2/22 now; a waiting operation then ends 3/32 without running. */
  cancel(op: BackgroundOperation): CancelResult;
  /** Resolves when no operation is waiting or running. */
  idle(): Promise<void>;
  /** Forgets every queued and running operation (admin reset); running plug-ins finish unobserved. */
  reset(): void;
  stop(): void;
}

/**
 * The queue: operations wait in 0/0 until a worker is free (or their retry backoff is over), run in
 * 2/20, and end in 3/30|31|32. Failed runs are retried with exponential backoff, never after a cancel.
 */
export function createOperationQueue(deps: OperationQueueDeps): OperationQueue {
  const { clock, store } = deps;
  const queue: string[] = [];
  const notBefore = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  let active = 0;
  let generation = 0;
  let stopped = false;
  let idleWaiters: (() => void)[] = [];

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const finish = (op: BackgroundOperation, change: Partial<BackgroundOperation>) => {
    store.update(op, { ...change, stateCode: State.Completed, endTime: new Date() });
    deps.callbacks.send(op);
  };
  const checkIdle = () => {
    if (active > 0 || queue.length > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    waiters.forEach((w) => w());
  };

  const runOne = async (op: BackgroundOperation) => {
    const runGeneration = generation;
    active += 1;
    // starttime keeps the first run's start; retries show in retrycount.
    store.update(op, {
      stateCode: State.Locked,
      statusCode: Status.InProgress,
      startTime: op.startTime ?? new Date(),
    });
    const result = await deps.run(op);
    if (stopped || runGeneration !== generation) return;
    active -= 1;
    const outcome = outcomeOf(op, result, deps.maxRetries);
    if (outcome.kind === "finish") finish(op, outcome.change);
    else retry(op, outcome.change);
    pump();
  };

  const retry = (op: BackgroundOperation, error: Partial<BackgroundOperation>) => {
    const delay = clock.toReal(deps.backoffBaseMs * 2 ** op.retryCount);
    store.update(op, {
      ...error,
      retryCount: op.retryCount + 1,
      stateCode: State.Ready,
      statusCode: Status.WaitingForResources,
    });
    notBefore.set(op.id, Date.now() + delay);
    queue.push(op.id);
  };

  const pump = () => {
    if (stopped) return;
    while (active < deps.workers) {
      const now = Date.now();
      const index = queue.findIndex((id) => (notBefore.get(id) ?? 0) <= now);
      if (index < 0) break;
      const [id] = queue.splice(index, 1);
      notBefore.delete(id as string);
      const op = store.get(id as string);
      if (op && !isTerminal(op)) void runOne(op);
    }
    wakeForBackoff();
    checkIdle();
  };
  // A backoff timer can fire a millisecond before Date.now() reaches its notBefore; the operation
  // would then wait forever. Whenever a worker is free, wake again at the earliest backoff's end.
  let wake: NodeJS.Timeout | undefined;
  const wakeForBackoff = () => {
    if (wake) clearTimeout(wake);
    if (active >= deps.workers || notBefore.size === 0) return;
    const earliest = Math.min(...notBefore.values());
    wake = setTimeout(pump, Math.max(1, earliest - Date.now()));
  };

  return {
    submit(op) {
      queue.push(op.id);
      queueMicrotask(pump);
    },
    cancel(op) {
      if (isTerminal(op)) return "terminal";
      const waiting = op.stateCode === State.Ready;
      store.update(op, { cancelRequested: true, stateCode: State.Locked, statusCode: Status.Canceling });
      if (waiting) {
        const index = queue.indexOf(op.id);
        if (index >= 0) queue.splice(index, 1);
        notBefore.delete(op.id);
        // Leave the 2/22 answer observable, then end it without running (docs/dataverse.md "Cancel").
        later(0, () => {
          finish(op, { statusCode: Status.Canceled });
          checkIdle();
        });
      }
      return "canceling";
    },
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        checkIdle();
      }),
    reset() {
      generation += 1;
      active = 0;
      timers.forEach(clearTimeout);
      timers.clear();
      clearTimeout(wake);
      queue.length = 0;
      notBefore.clear();
    },
    stop() {
      stopped = true;
      this.reset();
    },
  };
}
