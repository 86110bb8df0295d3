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

/** Starts a job for a new record through `POST /api/jobs` of an API run with AUTH_MODE=none. */
export async function startSampleJob(apiUrl: string): Promise<void> {
  const res = await fetch(`${apiUrl}/api/jobs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      customApi: "sample_SyncRecordsToExternalSystem",
      parameters: { EntityName: "account", SyncMode: "Full", ExternalSystemUrl: "http://127.0.0.1:7071/erp" },
      target: { entity: "account", id: randomUUID() },
    }),
  });
  if (res.status !== 202) throw new Error(`start answered ${res.status}`);
}
