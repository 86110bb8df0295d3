import { randomUUID } from "node:crypto";
import { customApis } from "../contracts/custom-apis";
import type { DataverseClient } from "../server/dataverse/client";

/**
 * Dataverse answering at once, so a benchmark measures the API alone: every start accepted (its
 * callback URL kept for the benchmark to call), every read reporting `state`, a batch that ends
 * the job when it is terminal.
 */
export function instantDataverse(
  callbackUrls: string[],
  state: { stateCode: number; statusCode: number },
): DataverseClient {
  const outputs =
    state.statusCode === 30 ? { SyncedCount: 1, FailedCount: 0, TotalCount: 1, NextCursor: "" } : {};
  const read = {
    snapshot: { ...state, errorCode: null, errorMessage: null, outputs, retryAfterSeconds: null },
    details: { retryCount: 0, startTime: null, endTime: null, outputs },
  };
  return {
    startBackgroundOperation: (req) => {
      callbackUrls.push(req.callbackUrl);
      return Promise.resolve({ backgroundOperationId: randomUUID() });
    },
    readBackgroundOperation: () => Promise.resolve(read),
    cancelBackgroundOperation: () => Promise.resolve(),
    getCustomApi: (name) => Promise.resolve(customApis.find((d) => d.uniquename === name) ?? null),
    canReadRecord: () => Promise.resolve(true),
    findStartedOperations: () => Promise.resolve([]),
    findPerson: (objectId) => Promise.resolve({ objectId, name: objectId }),
    ping: () => Promise.resolve(),
  };
}
