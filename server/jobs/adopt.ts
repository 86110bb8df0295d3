import type { DataverseClient } from "../dataverse/client";
import type { JobRow, OperationRow, Store } from "../store/store";
import { progressPath } from "../callbacks/signing";
import { batchInputs } from "./launch";

/**
 * An ambiguous start (no answer, a 5xx, a crash between sending and recording) may have queued its
 * background operation after all, and starting the batch again would run it twice. Before a batch
 * without a Dataverse id is started (again), look for the first attempt among the Custom API's
 * `backgroundoperations` rows: created since the batch before it was (a hand-off may send a start
 * before it commits the new batch's row: hand-off.ts), less the clock difference we allow between us
 * and Dataverse, with exactly the inputs this batch sends, and not already adopted by another of our
 * operations. `runas` would narrow it further but names a systemuserid, which the job does not know
 * (it holds the requester's Entra object id).
 */

/** How far Dataverse's clock may run behind ours when comparing `createdon`. */
const CLOCK_SKEW_MS = 5 * 60_000;

export type FindEarlierStart = (job: JobRow, op: OperationRow) => Promise<string | null>;

/** Dataverse reports input values as text in its documented example; compare them as text. */
const asText = (value: unknown) =>
  typeof value === "string" ? value : (JSON.stringify(value) ?? "undefined");

/**
 * The inputs match those this batch sends. A progress URL (launch.ts) is compared by its path, which
 * names our operation: its signature changes when the signing key rotates between two starts.
 */
function sameInputs(
  { ProgressUrl, ...stored }: Record<string, unknown>,
  sent: Record<string, unknown>,
  operationId: string,
): boolean {
  if (ProgressUrl !== undefined && !namesOperation(ProgressUrl, operationId)) return false;
  const keys = Object.keys(sent);
  return (
    keys.length === Object.keys(stored).length &&
    keys.every((k) => k in stored && asText(stored[k]) === asText(sent[k]))
  );
}

function namesOperation(url: unknown, operationId: string): boolean {
  try {
    return typeof url === "string" && new URL(url).pathname.endsWith(progressPath(operationId));
  } catch {
    return false;
  }
}

export function createStartFinder(d: {
  dataverse: Pick<DataverseClient, "findStartedOperations">;
  store: Pick<Store, "operationByBackgroundId" | "listOperations">;
}): FindEarlierStart {
  /** When the batch before `op` was created (the job's latest other operation), else `op`. */
  async function since(op: OperationRow) {
    const created = (await d.store.listOperations(op.jobId))
      .filter((o) => o.id !== op.id && o.createdAt <= op.createdAt)
      .map((o) => o.createdAt);
    return created.length ? Math.max(...created) : op.createdAt;
  }

  return async function findEarlierStart(job, op) {
    const sent = batchInputs(job, op);
    const rows = await d.dataverse.findStartedOperations(job.customApi, (await since(op)) - CLOCK_SKEW_MS);
    for (const row of rows) {
      if (!sameInputs(row.inputs, sent, op.id)) continue;
      if (await d.store.operationByBackgroundId(row.backgroundOperationId)) continue;
      return row.backgroundOperationId;
    }
    return null;
  };
}
