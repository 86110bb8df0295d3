import { describe, expect, it } from "vitest";
import { scopeAccounts } from "../../emulator/plugin/record-scope";
import { createAccountStore } from "../../emulator/seed/accounts";

describe("the sample plug-in's RecordId scope", () => {
  const store = createAccountStore(50);
  const row = store.all[7]!;
  const before = new Date(Date.parse(row.modifiedon) - 1);
  const after = new Date(Date.parse(row.modifiedon) + 1);

  it("without RecordId is the whole table", () => {
    expect(scopeAccounts(store, undefined)).toBe(store);
  });

  it("with RecordId is that one row, once, and only while it counts as modified", () => {
    const one = scopeAccounts(store, row.accountid.toUpperCase());
    expect(one.count()).toBe(1);
    expect(one.page({ top: 100 })).toEqual({ rows: [row], more: false });
    // A cursor past the row (a next batch) finds nothing more.
    expect(one.page({ top: 100, after: row.accountid })).toEqual({ rows: [], more: false });
    expect(one.count(before)).toBe(1);
    expect(one.page({ top: 100, modifiedAfter: after }).rows).toEqual([]);
    expect(one.count(after)).toBe(0);
  });

  it("with an unknown RecordId sends nothing", () => {
    const none = scopeAccounts(store, "00000000-0000-0000-0000-000000000001");
    expect(none.count()).toBe(0);
    expect(none.page({ top: 100 }).rows).toEqual([]);
  });
});
