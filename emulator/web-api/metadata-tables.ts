import type { Context } from "hono";
import type { EmulatorContext, EmulatorEnv } from "../context";
import { CUSTOM_API_NAVIGATION, METADATA_TABLES, typeLabel, type Row } from "./custom-api-rows";
import { ErrorCodes, odataError } from "./odata-error";
import { matchesFilter, ODataQueryError, parseFilter, parseSelect, parseTop, project } from "./odata-query";
import { wantsFormattedValues } from "./prefer";

type TableName = keyof typeof METADATA_TABLES;
type NavName = keyof typeof CUSTOM_API_NAVIGATION;

const fieldsOf = (rows: Row[]) => Object.keys(rows[0] ?? {});

/** `A($select=x,y),B` -> [{ nav: "A", select: "x,y" }, { nav: "B" }] (commas inside parens kept). */
function parseExpand(expand: string | undefined): { nav: NavName; select: string | undefined }[] {
  if (!expand) return [];
  const parts = expand.match(/[^,(]+(\([^)]*\))?/g) ?? [];
  return parts.map((part) => {
    const m = /^\s*(\w+)(?:\((.*)\))?\s*$/.exec(part);
    const nav = m?.[1] ?? part;
    if (!(nav in CUSTOM_API_NAVIGATION))
      throw new ODataQueryError(`Could not find a navigation property named '${nav}'.`);
    const options = (m?.[2] ?? "").split(";").filter(Boolean);
    const unsupported = options.find((o) => !o.trim().startsWith("$select="));
    if (unsupported) throw new ODataQueryError(`Unsupported option '${unsupported}' in $expand.`);
    return { nav: nav as NavName, select: options[0]?.trim().slice("$select=".length) };
  });
}

function withFormattedTypes(row: Row, formatted: boolean): Row {
  if (!formatted || typeof row.type !== "number") return row;
  return { ...row, "type@OData.Community.Display.V1.FormattedValue": typeLabel(row.type) };
}

function expandRow(row: Row, expands: ReturnType<typeof parseExpand>, formatted: boolean): Row {
  const expanded: Row = { ...row };
  for (const { nav, select } of expands) {
    const table = METADATA_TABLES[CUSTOM_API_NAVIGATION[nav]];
    const children = table.rows().filter((r) => r._customapiid_value === row.customapiid);
    const fields = parseSelect(select, fieldsOf(children));
    expanded[nav] = children.map((r) => project(withFormattedTypes(r, formatted), fields, table.key));
  }
  return expanded;
}

/**
 * GET of `customapis`, `customapirequestparameters`, `customapiresponseproperties` (collection or one
 * row): `$filter`, `$select`, `$top`, and on `customapis` `$expand` of the two navigation properties,
 * so a client discovers a Custom API's inputs and outputs as it would in Dataverse.
 */
export function metadataHandler(set: TableName) {
  return (ctx: EmulatorContext, c: Context<EmulatorEnv>, key: string) => {
    const table = METADATA_TABLES[set];
    const all = table.rows();
    const fields = fieldsOf(all);
    const select = parseSelect(c.req.query("$select"), fields);
    const expands = parseExpand(c.req.query("$expand"));
    if (expands.length && set !== "customapis")
      throw new ODataQueryError(`$expand is not supported on ${set}.`);
    const formatted = wantsFormattedValues(c.req.header("prefer"));
    const shape = (row: Row) =>
      expandRow(project(withFormattedTypes(row, formatted), select, table.key), expands, formatted);
    const contextUrl = `${ctx.base.url}/api/data/v9.2/$metadata#${set}`;
    if (key) {
      const row = all.find((r) => r[table.key] === key.toLowerCase());
      if (!row)
        return odataError(c, 404, ErrorCodes.ObjectDoesNotExist, `${set} With Id = ${key} Does Not Exist`);
      return c.json({ "@odata.context": `${contextUrl}/$entity`, ...shape(row) });
    }
    const clauses = parseFilter(c.req.query("$filter"), fields);
    const rows = all.filter((r) => matchesFilter(r, clauses)).slice(0, parseTop(c.req.query("$top")) ?? 5000);
    return c.json({ "@odata.context": contextUrl, value: rows.map(shape) });
  };
}
