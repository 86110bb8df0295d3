import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { EmulatorContext, EmulatorEnv } from "../context";
import {
  findUserByApplicationId,
  findUserById,
  findUserByObjectId,
  type SystemUser,
} from "../seed/system-users";
import { EMULATOR_TENANT_ID } from "../identities";
import { ErrorCodes, odataError } from "../web-api/odata-error";
import { issuerFor } from "./issue-token";
import { SESSION_COOKIE } from "./session";
import { createTokenVerifier, type TokenVerifier } from "./verified-tokens";

type Principal = { user: SystemUser; via: "token" | "session" } | { error: string; status: 401 | 403 };

/** Tokens for this emulator's URL, which is known only once it listens (port 0 in tests). */
function verifierFor(ctx: EmulatorContext) {
  let verifier: { url: string; tokens: TokenVerifier } | undefined;
  return () => {
    const url = ctx.base.url;
    if (verifier?.url !== url) {
      const options = {
        issuer: issuerFor(url, EMULATOR_TENANT_ID),
        audience: [url, `${url}/`],
        algorithms: ["RS256"],
      };
      verifier = { url, tokens: createTokenVerifier(ctx.keys.publicKey, options) };
    }
    return verifier.tokens;
  };
}

async function fromToken(tokens: TokenVerifier, token: string): Promise<Principal> {
  try {
    const payload = await tokens.verify(token);
    const appId = typeof payload.appid === "string" ? payload.appid : undefined;
    const oid = typeof payload.oid === "string" ? payload.oid : "";
    const user = (appId && findUserByApplicationId(appId)) || findUserByObjectId(oid);
    return user
      ? { user, via: "token" }
      : { error: "The user is not a member of the organization.", status: 403 };
  } catch (error) {
    return { error: `Bearer token rejected: ${(error as Error).message}`, status: 401 };
  }
}

/**
 * Same-origin requests from the form page carry the session cookie instead of a token. "Same
 * origin" is the request's own origin, so both localhost and 127.0.0.1 work.
 */
function fromSession(
  ctx: EmulatorContext,
  sessionId: string | undefined,
  origin: string | undefined,
  own: string,
) {
  if (origin && origin !== own) return undefined;
  const userId = ctx.sessions.userOf(sessionId);
  const user = userId ? findUserById(userId) : undefined;
  return user ? ({ user, via: "session" } as const) : undefined;
}

/**
 * Web API and status monitor authentication, then impersonation: `CallerObjectId` (Entra oid,
 * preferred) or `MSCRMCallerID` (systemuserid) switches the effective user when the principal holds
 * prvActOnBehalfOfAnotherUser (docs/dataverse.md "Privileges and identity").
 */
export function authenticate(ctx: EmulatorContext): MiddlewareHandler<EmulatorEnv> {
  const tokens = verifierFor(ctx);
  return async (c, next) => {
    const header = c.req.header("authorization");
    const bearer = header?.match(/^Bearer\s+(.+)$/i)?.[1];
    const principal: Principal = bearer
      ? await fromToken(tokens(), bearer)
      : (fromSession(
          ctx,
          getCookie(c, SESSION_COOKIE),
          c.req.header("origin"),
          new URL(c.req.url).origin,
        ) ?? {
          error: "No bearer token or session.",
          status: 401,
        });
    if ("error" in principal) {
      c.header(
        "WWW-Authenticate",
        `Bearer authorization_uri="${ctx.base.url}/${EMULATOR_TENANT_ID}/oauth2/v2.0/authorize", resource_id="${ctx.base.url}"`,
      );
      return odataError(c, principal.status, ErrorCodes.Unauthenticated, principal.error);
    }
    const callerObjectId = c.req.header("callerobjectid");
    const callerId = c.req.header("mscrmcallerid");
    let user = principal.user;
    if (callerObjectId || callerId) {
      if (!principal.user.canImpersonate)
        return odataError(
          c,
          403,
          ErrorCodes.PrivilegeDenied,
          `Principal user (Id=${principal.user.systemuserid}) is missing prvActOnBehalfOfAnotherUser privilege.`,
        );
      const target = callerObjectId ? findUserByObjectId(callerObjectId) : findUserById(callerId ?? "");
      if (!target || target.isdisabled)
        return odataError(
          c,
          404,
          ErrorCodes.ObjectDoesNotExist,
          `systemuser With Id = ${callerObjectId ?? callerId} Does Not Exist`,
        );
      user = target;
    }
    c.set("caller", { principal: principal.user, user, via: principal.via });
    await next();
  };
}
