import { EXTERNAL_SYSTEM_URL_VARIABLE } from "../../contracts/custom-apis";
import type { Account } from "../seed/accounts";
import { PLUGIN_ERROR } from "../engine/operation";
import { PluginError, type Plugin, type PluginContext } from "./plugin";
import {
  MAX_FAILED_RECORDS,
  recordIds,
  rejectedRecords,
  reportProgress,
  type FailedRecord,
} from "./sync-reports";

const CURSOR_PREFIX = "account:";
const MAX_BATCH_SIZE = 1000;

/** The cursor names the last account sent; opaque to callers, who only pass it back. */
const encodeCursor = (accountId: string) => `${CURSOR_PREFIX}${accountId}`;
function decodeCursor(cursor: unknown): string | undefined {
  if (typeof cursor !== "string" || cursor === "") return undefined;
  if (!cursor.startsWith(CURSOR_PREFIX)) throw new PluginError(PLUGIN_ERROR, `Invalid Cursor '${cursor}'.`);
  return cursor.slice(CURSOR_PREFIX.length);
}

const toCustomer = (a: Account) => ({
  id: a.accountid,
  name: a.name,
  accountNumber: a.accountnumber,
  city: a.address1_city,
  phone: a.telephone1,
  email: a.emailaddress1,
  modifiedOn: a.modifiedon,
});

interface SyncSettings {
  url: string;
  batchSize: number;
  after: string | undefined;
  modifiedAfter: Date | undefined;
  ids: ReadonlySet<string> | undefined;
  progressUrl: string | undefined;
}

function readInput(ctx: PluginContext): SyncSettings {
  const { EntityName, SyncMode, LastSyncDate, Cursor, BatchSize, ProgressUrl, RecordIds } = ctx.input;
  // As a real plug-in would read the environment variable (RetrieveEnvironmentVariableValue).
  const ExternalSystemUrl =
    ctx.input.ExternalSystemUrl ?? ctx.environmentVariables[EXTERNAL_SYSTEM_URL_VARIABLE];
  if (EntityName !== "account")
    throw new PluginError(PLUGIN_ERROR, `EntityName '${String(EntityName)}' is not supported; use account.`);
  if (SyncMode !== "Incremental" && SyncMode !== "Full")
    throw new PluginError(PLUGIN_ERROR, `SyncMode must be Incremental or Full, not '${String(SyncMode)}'.`);
  if (typeof ExternalSystemUrl !== "string" || !/^https?:\/\//.test(ExternalSystemUrl))
    throw new PluginError(
      PLUGIN_ERROR,
      `ExternalSystemUrl (or the environment variable ${EXTERNAL_SYSTEM_URL_VARIABLE}) must be an http(s) URL.`,
    );
  const batchSize = typeof BatchSize === "number" ? BatchSize : ctx.settings.defaultBatchSize;
  if (batchSize < 1 || batchSize > MAX_BATCH_SIZE)
    throw new PluginError(PLUGIN_ERROR, `BatchSize must be between 1 and ${MAX_BATCH_SIZE}.`);
  const ids = recordIds(RecordIds);
  // Incremental without LastSyncDate is a first sync: every row counts as modified. Named records
  // (this record, or a retry of failed ones) are sent whatever their modification time.
  const modifiedAfter =
    SyncMode === "Incremental" && typeof LastSyncDate === "string" && !ids
      ? new Date(LastSyncDate)
      : undefined;
  const progressUrl = typeof ProgressUrl === "string" && ProgressUrl !== "" ? ProgressUrl : undefined;
  return { url: ExternalSystemUrl, batchSize, after: decodeCursor(Cursor), modifiedAfter, ids, progressUrl };
}

async function sendBatch(ctx: PluginContext, url: string, rows: Account[]) {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ customers: rows.map(toCustomer) }),
      signal: ctx.signal,
    });
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    throw new PluginError(PLUGIN_ERROR, `External system unreachable: ${(error as Error).message}`);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new PluginError(
      PLUGIN_ERROR,
      `External system answered ${res.status} for a batch of ${rows.length}.`,
    );
  }
  const body = (await res.json()) as { accepted?: number; rejected?: unknown[] };
  const failed = body.rejected?.length ?? 0;
  const names = new Map(rows.map((r) => [r.accountid, r.name]));
  const rejected = rejectedRecords(body.rejected, (id) => names.get(id.toLowerCase()));
  return { synced: body.accepted ?? rows.length - failed, failed, rejected };
}

/**
 * sample_SyncRecordsToExternalSystem: walks accounts in key order from Cursor (only those RecordIds
 * names, when given), page by page, POSTing each page to ExternalSystemUrl (or the environment
 * variable's URL), and stops before its time budget so every run fits the 2-minute limit. After each
 * page it reports progress to ProgressUrl when given; it returns the rejected records as
 * FailedRecords. A retried run starts again from the same Cursor; the ERP upserts, so nothing is
 * duplicated.
 */
export const syncRecordsPlugin: Plugin = async (ctx) => {
  const settings = readInput(ctx);
  const { clock, accounts } = ctx;
  const started = Date.now();
  const total = accounts.count(settings.modifiedAfter, settings.ids);
  const budget = ctx.settings.timeBudgetMs;
  const run = { synced: 0, failed: 0, rejected: [] as FailedRecord[] };
  let after = settings.after;
  let lastBatchMs = settings.batchSize * ctx.settings.msPerRecord;
  for (;;) {
    const elapsed = clock.emulatedSince(started);
    if (run.synced + run.failed > 0 && elapsed + lastBatchMs > budget) break;
    const page = accounts.page({
      after,
      modifiedAfter: settings.modifiedAfter,
      ids: settings.ids,
      top: settings.batchSize,
    });
    const last = page.rows.at(-1);
    if (!last) return outputs(run, total, "");
    const batchStarted = Date.now();
    const result = await sendBatch(ctx, settings.url, page.rows);
    await clock.sleep(ctx.settings.msPerRecord * page.rows.length, ctx.signal);
    lastBatchMs = clock.emulatedSince(batchStarted);
    run.synced += result.synced;
    run.failed += result.failed;
    run.rejected.push(...result.rejected.slice(0, MAX_FAILED_RECORDS - run.rejected.length));
    after = last.accountid;
    if (!page.more) return outputs(run, total, "");
    await reportProgress(ctx, settings.progressUrl, run.synced + run.failed, total);
  }
  return outputs(run, total, after ? encodeCursor(after) : "");
};

const outputs = (
  run: { synced: number; failed: number; rejected: FailedRecord[] },
  total: number,
  next: string,
) => ({
  SyncedCount: run.synced,
  FailedCount: run.failed,
  TotalCount: total,
  NextCursor: next,
  FailedRecords: JSON.stringify(run.rejected),
});
