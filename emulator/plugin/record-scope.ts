import type { AccountStore } from "../seed/accounts";

type AccountRows = Pick<AccountStore, "page" | "count">;

/**
 * The rows a run may send: the whole table, or with RecordId only that row (when it matches
 * the run's modifiedAfter), so a button that says "this record" sends this record.
 */
export function scopeAccounts(accounts: AccountStore, recordId: string | undefined): AccountRows {
  if (recordId === undefined) return accounts;
  const row = accounts.get(recordId);
  const matches = (modifiedAfter?: Date) =>
    row !== undefined && (!modifiedAfter || Date.parse(row.modifiedon) > modifiedAfter.getTime());
  return {
    page: ({ after, modifiedAfter }) => ({
      rows: row && !after && matches(modifiedAfter) ? [row] : [],
      more: false,
    }),
    count: (modifiedAfter) => (matches(modifiedAfter) ? 1 : 0),
  };
}
