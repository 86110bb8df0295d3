import { createLogger } from "../../../server/logger";
import { nextRunAfter } from "../../../server/schedules/cron";
import type { ScheduleRow } from "../../../server/schedules/schedule";
import { createScheduleTicker } from "../../../server/schedules/ticker";
import type { createHarness } from "./harness";
import { ACCOUNT_ID, ALEX } from "./harness";

/** A nightly incremental sync of one account, as Alex, stored directly (the routes are tested apart). */
export function nightly(now: number, overrides: Partial<ScheduleRow> = {}): ScheduleRow {
  const s: ScheduleRow = {
    id: "5c4e6a8b-1d3f-4a5b-8c7d-0e1f2a3b4c5d",
    customApi: "sample_SyncRecordsToExternalSystem",
    parameters: {
      EntityName: "{entityName}",
      SyncMode: "Incremental",
      LastSyncDate: "{lastSuccess}",
      ExternalSystemUrl: "http://127.0.0.1:7071/erp/v1/customers",
    },
    targetEntity: "account",
    targetId: ACCOUNT_ID,
    cron: "0 6 * * *",
    timeZone: "Europe/Paris",
    runAsOid: ALEX.objectId,
    runAsName: ALEX.name,
    enabled: true,
    nextRunAt: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
    ...overrides,
  };
  return { ...s, nextRunAt: s.nextRunAt ?? nextRunAfter(s.cron, s.timeZone, now) };
}

export function tickerFor(h: ReturnType<typeof createHarness>) {
  return createScheduleTicker({
    store: h.store,
    clock: h.clock,
    logger: createLogger("silent"),
    run: h.services.runSchedule,
    tickMs: 1000,
  });
}

/** Ends the latest started batch as Dataverse would (30 succeeded, 31 failed) and sends its callback. */
export async function endLatestRun(h: ReturnType<typeof createHarness>, status: 30 | 31) {
  const n = h.dataverse.starts.length;
  const error = status === 31 ? { code: "0x80040265", message: "ERP down" } : undefined;
  h.dataverse.complete(h.dataverse.starts[n - 1]!.backgroundOperationId, status, { NextCursor: "" }, error);
  await h.callback(n);
}
