import { randomUUID } from "node:crypto";
import type { JobRow } from "../server/store/store";

/** A freshly queued job as the API stores it, for benchmarks that need realistic rows. */
export function sampleJob(): JobRow {
  return {
    id: randomUUID(),
    customApi: "sample_SyncRecordsToExternalSystem",
    parameters: {
      EntityName: "account",
      SyncMode: "Full",
      ExternalSystemUrl: "http://127.0.0.1:7071/erp/v1/customers",
    },
    targetEntity: "account",
    targetId: randomUUID(),
    requestedByOid: randomUUID(),
    requestedByName: "Bench",
    status: "queued",
    createdAt: Date.now(),
    startedAt: null,
    endedAt: null,
    synced: 0,
    failed: 0,
    total: null,
    batches: 0,
    error: null,
    chained: true,
    cursor: null,
    idempotencyKey: null,
    requestHash: null,
    version: 0,
  };
}
