import { randomUUID } from "node:crypto";
import { newJob } from "../server/jobs/new-rows";
import type { JobRow } from "../server/store/store";

/** A freshly queued job as the API stores it, for benchmarks that need realistic rows. */
export function sampleJob(): JobRow {
  return newJob({
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
    createdAt: Date.now(),
    chained: true,
    idempotencyKey: null,
    requestHash: null,
    concurrent: false,
  });
}
