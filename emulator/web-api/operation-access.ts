import type { Context } from "hono";
import type { Caller, EmulatorContext, EmulatorEnv } from "../context";
import type { BackgroundOperation } from "../engine/operation";
import { ErrorCodes, odataError } from "./odata-error";

/**
 * Read/write on backgroundoperation. The table is organization-owned (depth None or Organization
 * only), so access never depends on the row: a person reads and cancels other people's operations
 * as Dataverse lets them. Impersonation yields the impersonated user's rights (the intersection rule).
 */
export const canAccess = (caller: Caller) => caller.user.readsOperations;

/** The operation by id, or the OData error response to send instead. */
export function findOperation(
  ctx: EmulatorContext,
  c: Context<EmulatorEnv>,
  id: string,
): { op: BackgroundOperation } | { response: Response } {
  const op = ctx.operations.get(id);
  if (!op)
    return {
      response: odataError(
        c,
        404,
        ErrorCodes.ObjectDoesNotExist,
        `backgroundoperation With Id = ${id} Does Not Exist`,
      ),
    };
  if (!canAccess(c.get("caller")))
    return {
      response: odataError(
        c,
        403,
        ErrorCodes.PrivilegeDenied,
        `Principal user (Id=${c.get("caller").user.systemuserid}) is missing prvReadbackgroundoperation privilege on this record.`,
      ),
    };
  return { op };
}

export const CANCEL_AFTER_TERMINAL =
  "Canceling background operation is not allowed after it is in terminal state.";
