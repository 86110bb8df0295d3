import type { Context } from "hono";
import { randomUUID } from "node:crypto";
import type { EmulatorContext, EmulatorEnv } from "../context";
import { runPlugin } from "../engine/run-plugin";
import { DEFAULT_TTL_SECONDS, State, Status, type BackgroundOperation } from "../engine/operation";
import { findCustomApi } from "../plugin/registry";
import { ErrorCodes, odataError } from "./odata-error";
import { readAsyncPreference } from "./prefer";
import { validateInput } from "./validate-input";

async function readBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const isHttpUrl = (url: string) => {
  try {
    return ["http:", "https:"].includes(new URL(url).protocol);
  } catch {
    return false;
  }
};

/**
 * `POST /api/data/v9.2/{customApi}`: synchronous (200 with the outputs) or, with
 * `Prefer: respond-async`, a background operation (202, Location, x-ms-dyn-backgroundoperationid,
 * Preference-Applied, and a body only when a callback was asked for). docs/dataverse.md "Starting".
 */
export async function executeCustomApi(ctx: EmulatorContext, c: Context<EmulatorEnv>, name: string) {
  const api = findCustomApi(name);
  if (!api)
    return odataError(c, 404, ErrorCodes.ResourceNotFound, `Resource not found for the segment '${name}'.`);
  const check = validateInput(api.definition, await readBody(c));
  if (!check.ok) return odataError(c, 400, check.code, check.message);
  const { user } = c.get("caller");
  const prefer = readAsyncPreference(c.req.header("prefer"));

  if (!prefer.respondAsync) {
    const result = await runPlugin(ctx, name, check.input, user.systemuserid);
    if (!result.ok) return odataError(c, 400, result.code, result.message);
    return c.json({
      "@odata.context": `${ctx.base.url}/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.${name}Response`,
      ...result.outputs,
    });
  }
  if (prefer.callbackUrl !== undefined && !isHttpUrl(prefer.callbackUrl))
    return odataError(
      c,
      400,
      ErrorCodes.InvalidArgument,
      `The odata.callback url '${prefer.callbackUrl}' is not an absolute http(s) URL.`,
    );

  const id = randomUUID();
  const location = `${ctx.base.url}/api/backgroundoperation/${id}`;
  const op: BackgroundOperation = {
    id,
    name,
    displayName: api.definition.displayname,
    input: check.input,
    outputs: null,
    stateCode: State.Ready,
    statusCode: Status.WaitingForResources,
    errorCode: null,
    errorMessage: null,
    createdOn: new Date(),
    startTime: null,
    endTime: null,
    retryCount: 0,
    runAs: user.systemuserid,
    ttlInSeconds: DEFAULT_TTL_SECONDS,
    callbackUrl: prefer.callbackUrl ?? null,
    location,
    cancelRequested: false,
    version: 1,
  };
  ctx.operations.add(op);
  ctx.queue.submit(op);
  c.header("Location", location);
  c.header("x-ms-dyn-backgroundoperationid", id);
  c.header("Preference-Applied", op.callbackUrl ? "callback" : "respond-async");
  if (!op.callbackUrl) return c.body(null, 202);
  return c.json({ backgroundOperationId: id, location }, 202);
}
