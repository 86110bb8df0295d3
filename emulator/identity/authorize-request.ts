import type { EmulatorContext } from "../context";
import { CONTROL_APP } from "../identities";
import { resolveScopes } from "./scopes";

/** A validated `/authorize` request. */
export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string | undefined;
  nonce: string | undefined;
  codeChallenge: string;
  responseMode: "fragment" | "query";
  prompt: string | null;
  loginHint: string | null;
  /** The request's query string, carried through the sign-in page. */
  query: string;
}

/**
 * Failures Entra shows on its own page, because the redirect URI cannot be trusted, versus those
 * it sends back to the app.
 */
export type AuthorizeProblem =
  | { page: true; description: string }
  | {
      page: false;
      error: string;
      description: string;
      back: Pick<AuthorizeRequest, "redirectUri" | "responseMode" | "state">;
    };

/** The control app's registered SPA redirect URIs: the solution's redirect page on the org, plus options. */
export const spaRedirectUris = (ctx: EmulatorContext): string[] => [
  `${ctx.base.url}${CONTROL_APP.redirectPath}`,
  ...ctx.options.identity.redirectUris,
];

export function parseAuthorize(
  ctx: EmulatorContext,
  params: URLSearchParams,
): { ok: true; request: AuthorizeRequest } | { ok: false; problem: AuthorizeProblem } {
  const get = (name: string) => params.get(name) ?? undefined;
  const clientId = get("client_id") ?? "";
  if (clientId !== CONTROL_APP.clientId)
    return {
      ok: false,
      problem: {
        page: true,
        description: `AADSTS700016: Application with identifier '${clientId}' was not found in the directory.`,
      },
    };
  const redirectUri = get("redirect_uri") ?? "";
  if (!spaRedirectUris(ctx).includes(redirectUri))
    return {
      ok: false,
      problem: {
        page: true,
        description: `AADSTS50011: The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`,
      },
    };
  const modeParam = get("response_mode") ?? "query";
  const responseMode = modeParam === "fragment" ? "fragment" : "query";
  const back = { redirectUri, responseMode, state: get("state") } as const;
  const fail = (error: string, description: string) =>
    ({ ok: false, problem: { page: false, error, description, back } }) as const;
  if (modeParam !== "fragment" && modeParam !== "query")
    return fail("invalid_request", `AADSTS900144: response_mode '${modeParam}' is not supported here.`);
  if (get("response_type") !== "code")
    return fail(
      "unsupported_response_type",
      "AADSTS700054: response_type 'code' is the only one enabled for this app.",
    );
  const codeChallenge = get("code_challenge");
  if (!codeChallenge || get("code_challenge_method") !== "S256")
    return fail(
      "invalid_request",
      "AADSTS9002325: Proof Key for Code Exchange is required for cross-origin authorization code redemption.",
    );
  const scopes = (get("scope") ?? "").split(" ").filter(Boolean);
  const resolved = resolveScopes(scopes, ctx.base.url);
  if (!resolved.ok) return fail("invalid_scope", resolved.description);
  return {
    ok: true,
    request: {
      clientId,
      redirectUri,
      scopes,
      state: back.state,
      nonce: get("nonce"),
      codeChallenge,
      responseMode,
      prompt: get("prompt") ?? null,
      loginHint: get("login_hint") ?? null,
      query: params.toString(),
    },
  };
}

/** Where the browser goes with the answer: the redirect URI with the parameters in the fragment or query. */
export function redirectWith(
  back: Pick<AuthorizeRequest, "redirectUri" | "responseMode" | "state">,
  values: Record<string, string>,
): string {
  const params = new URLSearchParams(values);
  if (back.state !== undefined) params.set("state", back.state);
  const url = new URL(back.redirectUri);
  if (back.responseMode === "fragment") url.hash = params.toString();
  else for (const [key, value] of params) url.searchParams.set(key, value);
  return url.toString();
}
