import {
  AuthError,
  BrowserAuthErrorCodes,
  InteractionRequiredAuthError,
  PublicClientApplication,
  ServerError,
  type AuthenticationResult,
  type Configuration,
  type IPublicClientApplication,
} from "@azure/msal-browser";
import type { AuthConfig } from "../config";
import type { LoginHint } from "../deps";
import { SignInRequiredError, type SignInReason, type TokenProvider } from "./token-provider";

/** The part of MSAL's client the provider uses; tests hand in a fake. */
export type MsalClient = Pick<
  IPublicClientApplication,
  "initialize" | "acquireTokenSilent" | "ssoSilent" | "acquireTokenPopup"
>;

export type CreateMsalClient = (configuration: Configuration) => MsalClient;

const createPublicClient: CreateMsalClient = (configuration) => new PublicClientApplication(configuration);

/** Renew a little before expiry so a request never leaves with a token that dies on the way. */
const EXPIRY_MARGIN_MS = 60_000;

const NEEDS_INTERACTION: string[] = [
  BrowserAuthErrorCodes.userCancelled,
  BrowserAuthErrorCodes.interactionInProgress,
  BrowserAuthErrorCodes.monitorWindowTimeout,
  BrowserAuthErrorCodes.timedOut,
];
const POPUP_BLOCKED: string[] = [
  BrowserAuthErrorCodes.popupWindowError,
  BrowserAuthErrorCodes.emptyWindowError,
];

/** What a failed MSAL call means for the user; null for an error that is not MSAL's. */
export function signInReason(error: unknown): SignInReason | null {
  if (error instanceof SignInRequiredError) return error.why;
  if (error instanceof InteractionRequiredAuthError) return "needed";
  if (!(error instanceof AuthError)) return null;
  if (POPUP_BLOCKED.includes(error.errorCode)) return "blocked";
  if (NEEDS_INTERACTION.includes(error.errorCode)) return "needed";
  // Entra answered, and said no (an unknown scope, an app not allowed): signing in again will not help.
  if (error instanceof ServerError) return "refused";
  // The authority could not be reached or trusted (network, metadata, configuration).
  return "unavailable";
}

function asSignIn(error: unknown): unknown {
  const why = signInReason(error);
  return why === null || error instanceof SignInRequiredError ? error : new SignInRequiredError(error, why);
}

/**
 * Silent first (the cached account, else SSO with the user's UPN as login hint); a popup only from
 * signIn(), which the UI calls from a click. Tokens stay in memory: nothing in localStorage.
 */
export function createMsalTokenProvider(
  auth: AuthConfig,
  loginHint: LoginHint,
  createClient: CreateMsalClient = createPublicClient,
): TokenProvider {
  const scopes = [auth.scope];
  let ready: Promise<MsalClient> | null = null;
  let last: AuthenticationResult | null = null;
  let hint: Promise<string | null> | null = null;
  // One silent request at a time: the history, the job and the stream ask together on load, and
  // each ssoSilent would load its own hidden iframe.
  let inFlight: Promise<string> | null = null;
  // Looked up once: by the time the user clicks "Sign in" it is resolved, so the popup opens at once.
  const userHint = (): Promise<string | null> => (hint ??= loginHint().catch(() => null));

  const client = (): Promise<MsalClient> => {
    ready ??= (async () => {
      const instance = createClient({
        auth: {
          clientId: auth.clientId,
          authority: auth.authority,
          // Without it MSAL asks login.microsoftonline.com's instance discovery whether the host is
          // an authority, which fails for any other host: trust the one the maker configured.
          knownAuthorities: [new URL(auth.authority).host],
          redirectUri: auth.redirectUri ?? window.location.origin,
        },
        cache: { cacheLocation: "memoryStorage" },
      });
      await instance.initialize();
      return instance;
    })();
    return ready;
  };

  const fresh = (): string | null => {
    const expiresOn = last?.expiresOn?.getTime() ?? 0;
    return last !== null && expiresOn - EXPIRY_MARGIN_MS > Date.now() ? last.accessToken : null;
  };

  const silent = async (forceRefresh: boolean): Promise<string> => {
    const msal = await client();
    try {
      if (last?.account) {
        last = await msal.acquireTokenSilent({ scopes, account: last.account, forceRefresh });
      } else {
        const login = await userHint();
        if (login === null) throw new SignInRequiredError();
        last = await msal.ssoSilent({ scopes, loginHint: login });
      }
      return last.accessToken;
    } catch (error) {
      const mapped = asSignIn(error);
      if (mapped instanceof SignInRequiredError) last = null;
      throw mapped;
    }
  };

  return {
    getToken: async (options) => {
      const forceRefresh = options?.forceRefresh === true;
      const cached = forceRefresh ? null : fresh();
      if (cached !== null) return cached;
      inFlight ??= silent(forceRefresh).finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
    signIn: async () => {
      const [msal, login] = await Promise.all([client(), userHint()]);
      try {
        last = await msal.acquireTokenPopup({ scopes, ...(login === null ? {} : { loginHint: login }) });
      } catch (error) {
        throw asSignIn(error);
      }
    },
  };
}
