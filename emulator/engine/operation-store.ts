import type { BackgroundOperation } from "./operation";

/** In-memory `backgroundoperation` rows, in creation order. */
export interface OperationStore {
  add(op: BackgroundOperation): void;
  get(id: string): BackgroundOperation | undefined;
  all(): BackgroundOperation[];
  /** Applies a change and bumps the row version (its etag). */
  update(op: BackgroundOperation, change: Partial<BackgroundOperation>): void;
  clear(): void;
}

export function createOperationStore(): OperationStore {
  const rows = new Map<string, BackgroundOperation>();
  return {
    add: (op) => void rows.set(op.id, op),
    get: (id) => rows.get(id.toLowerCase()),
    all: () => [...rows.values()],
    update(op, change) {
      Object.assign(op, change);
      op.version += 1;
    },
    clear: () => rows.clear(),
  };
}
