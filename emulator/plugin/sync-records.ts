import { EXTERNAL_SYSTEM_URL_VARIABLE } from "../../contracts/custom-apis";
import type { Account } from "../seed/accounts";
import { PLUGIN_ERROR } from "../engine/operation";
import { PluginError, type Plugin, type PluginContext } from "./plugin";

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
}

function readInput(ctx: PluginContext): SyncSettings {
  const { EntityName, SyncMode, LastSyncDate, Cursor, BatchSize, RecordIds } = ctx.input;
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
  return { url: ExternalSystemUrl, batchSize, after: decodeCursor(Cursor), modifiedAfter, ids };
}

/** The RecordIds input as a set of lower-case ids, or undefined for every record. */
function recordIds(value: unknown): ReadonlySet<string> | undefined {
  if (!Array.isArray(value)) return undefined;
  return new Set(value.filter((v): v is string => typeof v === "string").map((v) => v.toLowerCase()));
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
  return { synced: body.accepted ?? rows.length - failed, failed };
}

/**
 * sample_SyncRecordsToExternalSystem: walks accounts (only those RecordIds names, when given) in key order from Cursor, page by page, POSTing
 * each page to ExternalSystemUrl, and stops before its time budget so every run fits the 2-minute
 * limit. A retried run starts again from the same Cursor; the ERP upserts, so nothing is duplicated.
 */
export const syncRecordsPlugin: Plugin = async (ctx) => {
  const settings = readInput(ctx);
  const { clock, accounts } = ctx;
  const started = Date.now();
  const total = accounts.count(settings.modifiedAfter, settings.ids);
  const budget = ctx.settings.timeBudgetMs;
  let after = settings.after;
  let synced = 0;
  let failed = 0;
  let lastBatchMs = settings.batchSize * ctx.settings.msPerRecord;
  for (;;) {
    const elapsed = clock.emulatedSince(started);
    if (synced + failed > 0 && elapsed + lastBatchMs > budget) break;
    const page = accounts.page({
      after,
      modifiedAfter: settings.modifiedAfter,
      ids: settings.ids,
      top: settings.batchSize,
    });
    const last = page.rows.at(-1);
    if (!last) return outputs(synced, failed, total, "");
    const batchStarted = Date.now();
    const result = await sendBatch(ctx, settings.url, page.rows);
    await clock.sleep(ctx.settings.msPerRecord * page.rows.length, ctx.signal);
    lastBatchMs = clock.emulatedSince(batchStarted);
    synced += result.synced;
    failed += result.failed;
    after = last.accountid;
    if (!page.more) return outputs(synced, failed, total, "");
  }
  return outputs(synced, failed, total, after ? encodeCursor(after) : "");
};

const outputs = (synced: number, failed: number, total: number, next: string) => ({
  SyncedCount: synced,
  FailedCount: failed,
  TotalCount: total,
  NextCursor: next,
});
