import type { Context } from "hono";
import type { EmulatorContext, EmulatorEnv } from "../context";
import type { Account } from "../seed/accounts";
import { ErrorCodes, odataError } from "./odata-error";
import { parsePrefer } from "./prefer";
import { matchesFilter, parseFilter, parseSelect, parseTop, project } from "./odata-query";

const FIELDS = [
  "accountid",
  "name",
  "accountnumber",
  "address1_city",
  "telephone1",
  "emailaddress1",
  "createdon",
  "modifiedon",
  "statecode",
  "statuscode",
  "versionnumber",
] as const;
const DEFAULT_PAGE_SIZE = 5000;

/** Dataverse's `@odata.context` names the selected columns: `$metadata#accounts(name,city)`. */
const selected = (select: string[] | undefined) => (select ? `(${select.join(",")})` : "");

const withEtag = (a: Account) => ({ "@odata.etag": `W/"${a.versionnumber}"`, ...a });

export function getAccount(ctx: EmulatorContext, c: Context<EmulatorEnv>, key: string) {
  const account = ctx.accounts.get(key);
  if (!account)
    return odataError(c, 404, ErrorCodes.ObjectDoesNotExist, `account With Id = ${key} Does Not Exist`);
  const select = parseSelect(c.req.query("$select"), FIELDS);
  return c.json({
    "@odata.context": `${ctx.base.url}/api/data/v9.2/$metadata#accounts${selected(select)}/$entity`,
    ...project(withEtag(account), select, "accountid"),
  });
}

/**
 * A page of accounts in key order. Page size comes from `Prefer: odata.maxpagesize` (default 5000, as
 * in Dataverse); `$top` caps the whole result and, as in Dataverse, suppresses `@odata.nextLink`.
 * The skip token is the last key of the page.
 */
export function listAccounts(ctx: EmulatorContext, c: Context<EmulatorEnv>) {
  const select = parseSelect(c.req.query("$select"), FIELDS);
  const clauses = parseFilter(c.req.query("$filter"), FIELDS);
  const top = parseTop(c.req.query("$top"));
  const maxPageSize = Number(
    parsePrefer([c.req.header("prefer")]).find((p) => p.name === "odata.maxpagesize")?.value,
  );
  const pageSize = top ?? (maxPageSize > 0 ? Math.min(maxPageSize, DEFAULT_PAGE_SIZE) : DEFAULT_PAGE_SIZE);
  const after = c.req.query("$skiptoken");
  const rows: Account[] = [];
  let more = false;
  for (const a of ctx.accounts.all) {
    if (after && a.accountid <= after) continue;
    if (!matchesFilter(a as unknown as Record<string, unknown>, clauses)) continue;
    if (rows.length === pageSize) {
      more = true;
      break;
    }
    rows.push(a);
  }
  const last = rows.at(-1);
  const next = new URL(c.req.url);
  next.searchParams.set("$skiptoken", last?.accountid ?? "");
  const nextLink = `${ctx.base.url}${next.pathname}${next.search}`;
  if (maxPageSize > 0 && !top) c.header("Preference-Applied", `odata.maxpagesize=${pageSize}`);
  return c.json({
    "@odata.context": `${ctx.base.url}/api/data/v9.2/$metadata#accounts${selected(select)}`,
    value: rows.map((a) => project(withEtag(a), select, "accountid")),
    ...(more && !top ? { "@odata.nextLink": nextLink } : {}),
  });
}
