import { seededGuid, seededRandom } from "./seed-random";

/** The `account` columns the emulator knows; names follow the Dataverse table. */
export interface Account {
  accountid: string;
  name: string;
  accountnumber: string;
  address1_city: string;
  telephone1: string;
  emailaddress1: string;
  createdon: string;
  modifiedon: string;
  statecode: 0;
  statuscode: 1;
  versionnumber: number;
}

const PREFIXES = [
  "Contoso",
  "Fabrikam",
  "Northwind",
  "Tailspin",
  "Litware",
  "Adventure",
  "Wingtip",
  "Proseware",
];
const NOUNS = ["Traders", "Foods", "Motors", "Logistics", "Pharma", "Systems", "Outfitters", "Energy"];
const SUFFIXES = ["Ltd", "Inc.", "GmbH", "S.A.", "LLC", "Group"];
const CITIES = ["Seattle", "Paris", "Munich", "Lisbon", "Osaka", "Toronto", "Nairobi", "Lima"];

/** Seeded rows get fixed dates so an Incremental sync picks the same rows on every run. */
const SEED_EPOCH = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;

function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** `count` deterministic accounts, sorted by accountid (Dataverse's default order by primary key). */
export function seedAccounts(count: number): Account[] {
  const random = seededRandom(20260101);
  const accounts: Account[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${pick(PREFIXES, random)} ${pick(NOUNS, random)} ${pick(SUFFIXES, random)} ${i + 1}`;
    const created = SEED_EPOCH - (count - i) * 2 * HOUR;
    const modified = created + Math.floor(random() * 2 * 24 * 30) * HOUR;
    accounts.push({
      accountid: seededGuid(random),
      name,
      accountnumber: `ACC-${String(i + 1).padStart(6, "0")}`,
      address1_city: pick(CITIES, random),
      telephone1: `+1 555 ${String(1000 + (i % 9000)).padStart(4, "0")}`,
      emailaddress1: `contact${i + 1}@${name.split(" ")[0]?.toLowerCase() ?? "example"}.example`,
      createdon: new Date(created).toISOString(),
      modifiedon: new Date(Math.min(modified, SEED_EPOCH)).toISOString(),
      statecode: 0,
      statuscode: 1,
      versionnumber: 1000 + i,
    });
  }
  return accounts.sort((a, b) => (a.accountid < b.accountid ? -1 : a.accountid > b.accountid ? 1 : 0));
}

export interface AccountPageQuery {
  /** Exclusive lower bound on accountid: the key of the last row of the previous page. */
  after?: string;
  modifiedAfter?: Date;
  /** Only these accounts (by id, lower case): a retry of the records a sync failed. */
  ids?: ReadonlySet<string>;
  top: number;
}

export interface AccountStore {
  readonly all: readonly Account[];
  get(id: string): Account | undefined;
  /** One page in key order, plus whether more rows follow. */
  page(query: AccountPageQuery): { rows: Account[]; more: boolean };
  count(modifiedAfter?: Date, ids?: ReadonlySet<string>): number;
}

export function createAccountStore(count: number): AccountStore {
  const all = seedAccounts(count);
  const byId = new Map(all.map((a) => [a.accountid, a]));
  const matches = (a: Account, modifiedAfter?: Date, ids?: ReadonlySet<string>) =>
    (!modifiedAfter || Date.parse(a.modifiedon) > modifiedAfter.getTime()) && (!ids || ids.has(a.accountid));
  return {
    all,
    get: (id) => byId.get(id.toLowerCase()),
    page({ after, modifiedAfter, ids, top }) {
      const rows: Account[] = [];
      let i = after ? lowerBound(all, after) : 0;
      for (; i < all.length && rows.length <= top; i++) {
        const a = all[i] as Account;
        if (after && a.accountid <= after) continue;
        if (matches(a, modifiedAfter, ids)) rows.push(a);
      }
      const more = rows.length > top;
      return { rows: rows.slice(0, top), more };
    },
    count: (modifiedAfter, ids) => all.filter((a) => matches(a, modifiedAfter, ids)).length,
  };
}

function lowerBound(rows: readonly Account[], key: string): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rows[mid] as Account).accountid <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
