import type { Context } from "hono";
import type { EmulatorContext, EmulatorEnv } from "../context";
import { State, Status } from "../engine/operation";
import { operationRow, OPERATION_FIELDS } from "./background-operation-row";
import { ErrorCodes, odataError } from "./odata-error";
import {
  matchesFilter,
  parseFilter,
  parseOrderBy,
  parseSelect,
  parseTop,
  project,
  sortRows,
} from "./odata-query";
import { canAccess, CANCEL_AFTER_TERMINAL, findOperation } from "./operation-access";
import { appliedAnnotations, wantsFormattedValues } from "./prefer";

const KEY = "backgroundoperationid";
/** `$metadata#backgroundoperations(col,...)`: Dataverse's context names the selected columns. */
const context = (ctx: EmulatorContext, select: string | undefined, suffix: string) =>
  `${ctx.base.url}/api/data/v9.2/$metadata#backgroundoperations${select ? `(${select})` : ""}${suffix}`;

export function getOperation(ctx: EmulatorContext, c: Context<EmulatorEnv>, key: string) {
  const found = findOperation(ctx, c, key);
  if ("response" in found) return found.response;
  const select = parseSelect(c.req.query("$select"), OPERATION_FIELDS);
  const formatted = wantsFormattedValues(c.req.header("prefer"));
  if (formatted) c.header("Preference-Applied", appliedAnnotations(c.req.header("prefer")));
  const row = operationRow(found.op, formatted);
  return c.json({
    "@odata.context": context(ctx, select?.join(","), "/$entity"),
    ...project(row, select, KEY),
  });
}

/** The caller's visible rows with `$filter`, `$orderby` (default createdon), `$top`, `$select`. */
export function listOperations(ctx: EmulatorContext, c: Context<EmulatorEnv>) {
  const select = parseSelect(c.req.query("$select"), OPERATION_FIELDS);
  const clauses = parseFilter(c.req.query("$filter"), OPERATION_FIELDS);
  const order = parseOrderBy(c.req.query("$orderby"), OPERATION_FIELDS);
  const top = parseTop(c.req.query("$top"));
  const formatted = wantsFormattedValues(c.req.header("prefer"));
  if (formatted) c.header("Preference-Applied", appliedAnnotations(c.req.header("prefer")));
  const caller = c.get("caller");
  const rows = ctx.operations
    .all()
    .filter(() => canAccess(caller))
    .map((op) => operationRow(op, formatted))
    .filter((row) => matchesFilter(row, clauses));
  const sorted = sortRows(rows, order).slice(0, top ?? 5000);
  return c.json({
    "@odata.context": context(ctx, select?.join(","), ""),
    value: sorted.map((row) => project(row, select, KEY)),
  });
}

/**
 * PATCH: the only update Dataverse allows is the cancel (statecode 2 / statuscode 22); anything else
 * is refused. Honors If-Match; 204 like any Web API update.
 */
export async function patchOperation(ctx: EmulatorContext, c: Context<EmulatorEnv>, key: string) {
  const found = findOperation(ctx, c, key);
  if ("response" in found) return found.response;
  const { op } = found;
  const ifMatch = c.req.header("if-match");
  if (ifMatch && ifMatch !== "*" && ifMatch !== `W/"${op.version}"`)
    return odataError(
      c,
      412,
      "0x80060882",
      "The version of the existing record doesn't match the RowVersion property provided.",
    );
  const body = (await c.req.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  const fields = Object.keys(body ?? {}).filter((k) => !k.includes("@"));
  const isCancel =
    body?.backgroundoperationstatuscode === Status.Canceling &&
    (body.backgroundoperationstatecode ?? State.Locked) === State.Locked &&
    fields.every((f) => f === "backgroundoperationstatecode" || f === "backgroundoperationstatuscode");
  if (!isCancel)
    return odataError(
      c,
      400,
      ErrorCodes.InvalidState,
      "Only a cancel (backgroundoperationstatecode 2, backgroundoperationstatuscode 22) can update a background operation.",
    );
  if (ctx.queue.cancel(op) === "terminal")
    return odataError(c, 409, ErrorCodes.InvalidState, CANCEL_AFTER_TERMINAL);
  c.header("OData-EntityId", `${ctx.base.url}/api/data/v9.2/backgroundoperations(${op.id})`);
  return c.body(null, 204);
}
