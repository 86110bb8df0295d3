import type { Context } from "hono";
import type { EmulatorContext, EmulatorEnv } from "../context";
import { findUserById, SYSTEM_USERS, userColumns } from "../seed/system-users";
import { ErrorCodes, odataError } from "./odata-error";
import { matchesFilter, parseFilter, parseSelect, project } from "./odata-query";

const FIELDS = Object.keys(userColumns(SYSTEM_USERS[0] as (typeof SYSTEM_USERS)[number]));

/** WhoAmI answers for the effective (possibly impersonated) user, as Dataverse does. */
export function whoAmI(ctx: EmulatorContext, c: Context<EmulatorEnv>) {
  const { user } = c.get("caller");
  return c.json({
    "@odata.context": `${ctx.base.url}/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
    BusinessUnitId: "5a1c3e5f-7b9d-4f1a-8c3e-5f7b9d1f3a5c",
    UserId: user.systemuserid,
    OrganizationId: "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0",
  });
}

export function getSystemUser(ctx: EmulatorContext, c: Context<EmulatorEnv>, key: string) {
  const user = findUserById(key);
  if (!user)
    return odataError(c, 404, ErrorCodes.ObjectDoesNotExist, `systemuser With Id = ${key} Does Not Exist`);
  return c.json({
    "@odata.context": `${ctx.base.url}/api/data/v9.2/$metadata#systemusers/$entity`,
    ...project(userColumns(user), parseSelect(c.req.query("$select"), FIELDS), "systemuserid"),
  });
}

export function listSystemUsers(ctx: EmulatorContext, c: Context<EmulatorEnv>) {
  const select = parseSelect(c.req.query("$select"), FIELDS);
  const clauses = parseFilter(c.req.query("$filter"), FIELDS);
  const rows = SYSTEM_USERS.map(userColumns).filter((u) => matchesFilter(u, clauses));
  return c.json({
    "@odata.context": `${ctx.base.url}/api/data/v9.2/$metadata#systemusers`,
    value: rows.map((u) => project(u, select, "systemuserid")),
  });
}
