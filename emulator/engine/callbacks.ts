import type { Clock } from "../clock";
import type { Faults } from "../admin/faults";
import type { BackgroundOperation } from "./operation";

/** The documented callback body: no output parameters, error fields only on errors. */
export function callbackPayload(op: BackgroundOperation): Record<string, unknown> {
  return {
    location: op.location,
    backgroundOperationId: op.id,
    backgroundOperationStateCode: op.stateCode,
    backgroundOperationStatusCode: op.statusCode,
    ...(op.errorCode !== null && op.statusCode !== 30
      ? { backgroundOperationErrorCode: op.errorCode, backgroundOperationErrorMessage: op.errorMessage }
      : {}),
  };
}

export interface CallbackRecord {
  operationId: string;
  url: string;
  payload: Record<string, unknown>;
  outcome: "delivered" | "dropped" | "failed";
  status: number | null;
  at: string;
}

export interface CallbackSender {
  send(op: BackgroundOperation): void;
  log(): CallbackRecord[];
  reset(): void;
}

/**
 * Posts callbacks once, with no custom headers (docs/dataverse.md "Callback"). A failed POST is not
 * retried (undocumented; the emulator's choice is the harsher one). Faults can drop, delay, duplicate,
 * or hold one back until the next callback has gone (reorder).
 */
export function createCallbackSender(clock: Clock, faults: Faults): CallbackSender {
  let records: CallbackRecord[] = [];
  let held: { url: string; payload: Record<string, unknown>; id: string } | undefined;
  let heldTimer: NodeJS.Timeout | undefined;

  const post = async (id: string, url: string, payload: Record<string, unknown>) => {
    const record: CallbackRecord = { operationId: id, url, payload, outcome: "failed", status: null, at: "" };
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(30_000),
      });
      await res.body?.cancel();
      record.status = res.status;
      record.outcome = res.ok ? "delivered" : "failed";
    } catch {
      record.outcome = "failed";
    }
    record.at = new Date().toISOString();
    records.push(record);
  };
  const flushHeld = async () => {
    clearTimeout(heldTimer);
    const h = held;
    held = undefined;
    if (h) await post(h.id, h.url, h.payload);
  };

  const deliver = async (op: BackgroundOperation, url: string) => {
    const payload = callbackPayload(op);
    const { kinds, delayMs } = faults.takeCallbackFaults();
    if (kinds.includes("drop")) {
      records.push({
        operationId: op.id,
        url,
        payload,
        outcome: "dropped",
        status: null,
        at: new Date().toISOString(),
      });
      return;
    }
    if (kinds.includes("delay")) await clock.sleep(delayMs);
    if (kinds.includes("reorder") && !held) {
      held = { id: op.id, url, payload };
      heldTimer = setTimeout(() => void flushHeld(), clock.toReal(30_000));
      return;
    }
    await post(op.id, url, payload);
    if (kinds.includes("duplicate")) await post(op.id, url, payload);
    await flushHeld();
  };

  return {
    send(op) {
      if (op.callbackUrl) void deliver(op, op.callbackUrl);
    },
    log: () => [...records],
    reset() {
      clearTimeout(heldTimer);
      held = undefined;
      records = [];
    },
  };
}
