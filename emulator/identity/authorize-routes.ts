import { Hono, type Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { EmulatorContext } from "../context";
import { EMULATOR_TENANT_ID } from "../identities";
import { findUserById, SYSTEM_USERS, type SystemUser } from "../seed/system-users";
import { parseAuthorize, redirectWith, type AuthorizeRequest } from "./authorize-request";
import { errorPage, signedInPage, signInPage } from "./sign-in-page";
import { clientInfo } from "./spa-tokens";

/** The sign-in host's session cookie (Entra's is ESTSAUTH on login.microsoftonline.com). */
export const SIGN_IN_COOKIE = "ESTSAUTH";

const PEOPLE = SYSTEM_USERS.filter((u) => u.accessmode === 0 && !u.isdisabled);

/**
 * The browser side of Entra for the control's SPA: `/authorize` (code + PKCE, prompt=none silent
 * sign-in from the session cookie), the sign-in page, and sign-out. See emulator/README.md.
 */
export function createAuthorizeRoutes(ctx: EmulatorContext): Hono {
  const app = new Hono();
  const tenantOk = (c: Context) => c.req.param("tenant") === EMULATOR_TENANT_ID;
  const https = () => ctx.base.url.startsWith("https:");

  const sessionUser = (c: Context): SystemUser | undefined => {
    const id = ctx.grants.sessionUser(getCookie(c, SIGN_IN_COOKIE));
    return id === undefined ? undefined : findUserById(id);
  };

  // SameSite=None; Secure, as Entra's: sent to the sign-in host from the hidden iframe of silent
  // sign-in only where the browser allows third-party cookies. Plain HTTP cannot set Secure ones.
  const startSession = (c: Context, user: SystemUser) =>
    setCookie(c, SIGN_IN_COOKIE, ctx.grants.startSession(user.systemuserid), {
      httpOnly: true,
      path: "/",
      ...(https() ? { secure: true, sameSite: "None" } : { sameSite: "Lax" }),
    });

  const sendCode = (c: Context, request: AuthorizeRequest, user: SystemUser) => {
    const code = ctx.grants.issueCode({
      clientId: request.clientId,
      userId: user.systemuserid,
      scopes: request.scopes,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      nonce: request.nonce,
    });
    return c.redirect(
      redirectWith(request, { code, client_info: clientInfo(user), session_state: user.systemuserid }),
    );
  };

  const showPage = (c: Context, request: AuthorizeRequest | null, status: 200 | 400 = 200) =>
    c.html(
      signInPage({
        action: `/${EMULATOR_TENANT_ID}/login`,
        people: PEOPLE,
        request: request?.query ?? null,
        hint: request?.loginHint ?? null,
      }),
      status,
    );

  app.get("/:tenant/oauth2/v2.0/authorize", (c) => {
    if (!tenantOk(c))
      return c.html(errorPage(`AADSTS90002: Tenant '${c.req.param("tenant")}' not found.`), 400);
    const parsed = parseAuthorize(ctx, new URL(c.req.url).searchParams);
    if (!parsed.ok) {
      const { problem } = parsed;
      return problem.page
        ? c.html(errorPage(problem.description), 400)
        : c.redirect(
            redirectWith(problem.back, { error: problem.error, error_description: problem.description }),
          );
    }
    const { request } = parsed;
    const user = sessionUser(c);
    const hintMatches = request.loginHint === null || request.loginHint.toLowerCase() === user?.domainname;
    const record = (outcome: string) =>
      ctx.grants.record({
        prompt: request.prompt,
        loginHint: request.loginHint,
        outcome,
        hadSession: user !== undefined,
      });
    if (request.prompt === "none") {
      if (user === undefined || !hintMatches) {
        record("login_required");
        return c.redirect(
          redirectWith(request, {
            error: "login_required",
            error_description:
              user === undefined
                ? "AADSTS50058: A silent sign-in request was sent but no user is signed in."
                : "AADSTS16000: The user named by login_hint is not the one signed in; interaction is required.",
          }),
        );
      }
      record("code");
      return sendCode(c, request, user);
    }
    // An existing session signs in without a page unless the app asked to log in or pick again.
    if (
      user !== undefined &&
      hintMatches &&
      request.prompt !== "login" &&
      request.prompt !== "select_account"
    ) {
      record("code");
      return sendCode(c, request, user);
    }
    record("page");
    return showPage(c, request);
  });

  app.get("/:tenant/login", (c) => (tenantOk(c) ? showPage(c, null) : c.notFound()));

  app.post("/:tenant/login", async (c) => {
    if (!tenantOk(c)) return c.notFound();
    const form = await c.req.parseBody();
    const user = typeof form.user === "string" ? PEOPLE.find((p) => p.systemuserid === form.user) : undefined;
    if (user === undefined) return c.html(errorPage("AADSTS50034: The user account does not exist."), 400);
    startSession(c, user);
    if (typeof form.request !== "string") {
      ctx.grants.record({ prompt: null, loginHint: null, outcome: "signed-in", hadSession: false });
      return c.html(signedInPage(user));
    }
    const parsed = parseAuthorize(ctx, new URLSearchParams(form.request));
    if (!parsed.ok) return c.html(errorPage(parsed.problem.description), 400);
    ctx.grants.record({
      prompt: parsed.request.prompt,
      loginHint: parsed.request.loginHint,
      outcome: "signed-in",
      hadSession: false,
    });
    return sendCode(c, parsed.request, user);
  });

  app.get("/:tenant/oauth2/v2.0/logout", (c) => {
    deleteCookie(c, SIGN_IN_COOKIE, { path: "/", ...(https() ? { secure: true } : {}) });
    const back = c.req.query("post_logout_redirect_uri");
    return back !== undefined && new URL(back).origin === new URL(ctx.base.url).origin
      ? c.redirect(back)
      : c.html(errorPage("You signed out of your account."));
  });
  return app;
}
