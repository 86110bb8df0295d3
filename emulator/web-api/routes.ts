import { Hono, type Context } from "hono";
import type { EmulatorContext, EmulatorEnv } from "../context";
import { getAccount, listAccounts } from "./accounts";
import { getOperation, listOperations, patchOperation } from "./background-operations";
import { executeCustomApi } from "./execute-custom-api";
import { metadataHandler } from "./metadata-tables";
import { ErrorCodes, odataError } from "./odata-error";
import { ODataQueryError } from "./odata-query";
import { getSystemUser, listSystemUsers, whoAmI } from "./system-users";

type Handler = (ctx: EmulatorContext, c: Context<EmulatorEnv>, key: string) => Response | Promise<Response>;

const both = (handler: Handler) => ({ one: handler, many: handler });

/** Entity sets and functions by segment name; `key` is what stood between the parentheses. */
const GETS: Record<string, { one?: Handler; many?: Handler }> = {
  accounts: { one: getAccount, many: listAccounts },
  systemusers: { one: getSystemUser, many: listSystemUsers },
  WhoAmI: { many: whoAmI, one: whoAmI },
  backgroundoperations: { one: getOperation, many: listOperations },
  customapis: both(metadataHandler("customapis")),
  customapirequestparameters: both(metadataHandler("customapirequestparameters")),
  customapiresponseproperties: both(metadataHandler("customapiresponseproperties")),
};

const PATCHES: Record<string, Handler> = { backgroundoperations: patchOperation };

/** Splits `accounts(00000000-...)` into set and key; keys may be quoted or `name=value`. */
export function parseSegment(segment: string): { set: string; key: string | undefined } | undefined {
  const m = /^([A-Za-z_][\w.]*)(?:\((.*)\))?$/.exec(segment);
  if (!m) return undefined;
  const key = m[2]?.replace(/^'(.*)'$/, "$1");
  return { set: m[1] as string, key: key === "" ? undefined : key };
}

/**
 * `/api/data/v9.2/{segment}`: GET of the entity sets the emulator knows, PATCH of backgroundoperations,
 * POST of Custom API messages. Unknown segments answer Dataverse's 404 "Resource not found".
 */
export function createWebApiRoutes(ctx: EmulatorContext): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();
  const notFound = (c: Context, segment: string) =>
    odataError(c, 404, ErrorCodes.ResourceNotFound, `Resource not found for the segment '${segment}'.`);

  app.onError((error, c) => {
    if (error instanceof ODataQueryError)
      return odataError(c, 400, ErrorCodes.InvalidArgument, error.message);
    throw error;
  });
  app.get("/:segment", async (c) => {
    // Hono has already percent-decoded the parameter.
    const segment = c.req.param("segment");
    const parsed = parseSegment(segment);
    const entry = parsed && GETS[parsed.set];
    const handler = parsed?.key !== undefined ? entry?.one : entry?.many;
    return handler ? handler(ctx, c, parsed?.key ?? "") : notFound(c, segment);
  });
  app.patch("/:segment", async (c) => {
    const parsed = parseSegment(c.req.param("segment"));
    const handler = parsed?.key !== undefined ? PATCHES[parsed.set] : undefined;
    return handler ? handler(ctx, c, parsed?.key ?? "") : notFound(c, c.req.param("segment"));
  });
  app.post("/:segment", (c) => executeCustomApi(ctx, c, c.req.param("segment")));
  return app;
}
