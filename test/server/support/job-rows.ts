import { newJob } from "../../../server/jobs/new-rows";
import type { JobRow } from "../../../server/store/store";

/** The fixed instant the pure-transition tests start from. */
export const T0 = Date.parse("2026-01-01T00:00:00Z");

/** A stored job (version 1) as the transition tests start from, with `overrides` on top. */
export function jobRow(overrides: Partial<JobRow> = {}): JobRow {
  return {
    ...newJob({
      id: "a1b2c3d4-0000-4000-8000-000000000001",
      customApi: "sample_SyncRecordsToExternalSystem",
      parameters: { EntityName: "account" },
      targetEntity: "account",
      targetId: "11111111-2222-4333-8444-555555555555",
      requestedByOid: "oid-1",
      requestedByName: "Alex Wilber",
      createdAt: T0,
      chained: true,
      idempotencyKey: null,
      requestHash: null,
      concurrent: false,
    }),
    version: 1,
    ...overrides,
  };
}
