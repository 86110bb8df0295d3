import type { AuthConfig } from "./config";
import { noAuthTokenProvider, type TokenProvider } from "./auth/token-provider";

/** What the control needs from the outside world; tests pass fakes. */
export interface ControlDeps {
  fetch: typeof fetch;
  /** One provider per auth configuration, so its in-memory token cache survives re-renders. */
  tokenProviderFor: (auth: AuthConfig | null, loginHint: LoginHint) => TokenProvider;
}

/** The signed-in user's UPN (systemuser.domainname), MSAL's login hint. */
export type LoginHint = () => Promise<string | null>;

export type TokenProviderFactory = (auth: AuthConfig, loginHint: LoginHint) => TokenProvider;

export function createControlDeps(createProvider: TokenProviderFactory, fetchFn?: typeof fetch): ControlDeps {
  const providers = new Map<string, TokenProvider>();
  return {
    // Wrapped: window.fetch called as a method of another object throws "Illegal invocation".
    fetch: fetchFn ?? ((input, init) => fetch(input, init)),
    tokenProviderFor: (auth, loginHint) => {
      if (auth === null) return noAuthTokenProvider;
      const key = JSON.stringify(auth);
      let provider = providers.get(key);
      if (provider === undefined) {
        provider = createProvider(auth, loginHint);
        providers.set(key, provider);
      }
      return provider;
    },
  };
}
