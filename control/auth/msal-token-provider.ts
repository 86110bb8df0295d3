import {
  InteractionRequiredAuthError,
  PublicClientApplication,
  type AuthenticationResult,
  type Configuration,
  type IPublicClientApplication,
} from "@azure/msal-browser";
import type { AuthConfig } from "../config";
import type { LoginHint } from "../deps";
import { SignInRequiredError, type TokenProvider } from "./token-provider";

/** The part of MSAL's client the provider uses; tests hand in a fake. */
export type MsalClient = Pick<
  IPublicClientApplication,
  "initialize" | "acquireTokenSilent" | "ssoSilent" | "acquireTokenPopup"
>;

export type CreateMsalClient = (configuration: Configuration) => MsalClient;

const createPublicClient: CreateMsalClient = (configuration) => new PublicClientApplication(configuration);

/** Renew a little before expiry so a request never leaves with a token that dies on the way. */
const EXPIRY_MARGIN_MS = 60_000;

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
  // Looked up once: by the time the user clicks "Sign in" it is resolved, so the popup opens at once.
  const userHint = (): Promise<string | null> => (hint ??= loginHint().catch(() => null));

  const client = (): Promise<MsalClient> => {
    ready ??= (async () => {
      const instance = createClient({
        auth: {
          clientId: auth.clientId,
          authority: auth.authority,
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

  return {
    getToken: async () => {
      const cached = fresh();
      if (cached !== null) return cached;
      const msal = await client();
      try {
        if (last?.account) {
          last = await msal.acquireTokenSilent({ scopes, account: last.account });
        } else {
          const login = await userHint();
          if (login === null) throw new SignInRequiredError();
          last = await msal.ssoSilent({ scopes, loginHint: login });
        }
        return last.accessToken;
      } catch (error) {
        if (error instanceof InteractionRequiredAuthError || error instanceof SignInRequiredError) {
          last = null;
          throw new SignInRequiredError(error);
        }
        throw error;
      }
    },
    signIn: async () => {
      const [msal, login] = await Promise.all([client(), userHint()]);
      last = await msal.acquireTokenPopup({ scopes, ...(login === null ? {} : { loginHint: login }) });
    },
  };
}
