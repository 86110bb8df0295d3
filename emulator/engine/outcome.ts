import type { RunResult } from "./execute";
import { errorCodeOf, Status, type BackgroundOperation } from "./operation";

export type Outcome =
  | { kind: "finish"; change: Partial<BackgroundOperation> }
  | { kind: "retry"; change: Partial<BackgroundOperation> };

/**
 * What a run's result does to its operation (docs/dataverse.md "Cancel" and "Retries"): success
 * ends it; a failure is retried up to `maxRetries` times; after a cancel request it ends Canceled
 * either way, keeping the run's outputs or error for the table (see README).
 */
export function outcomeOf(op: BackgroundOperation, result: RunResult, maxRetries: number): Outcome {
  if (result.ok) {
    return {
      kind: "finish",
      change: {
        outputs: result.outputs,
        statusCode: op.cancelRequested ? Status.Canceled : Status.Succeeded,
        errorCode: null,
        errorMessage: null,
      },
    };
  }
  const error = { errorCode: errorCodeOf(result.code), errorMessage: result.message };
  if (op.cancelRequested) return { kind: "finish", change: { ...error, statusCode: Status.Canceled } };
  if (op.retryCount >= maxRetries) return { kind: "finish", change: { ...error, statusCode: Status.Failed } };
  return { kind: "retry", change: error };
}
