/**
 * Why the user has to sign in: no token came silently ("needed"), the API refused the token it was
 * given ("refused": wrong audience, missing scope), the browser blocked the sign-in window
 * ("blocked"), or the sign-in service could not be reached or is misconfigured ("unavailable").
 */
export type SignInReason = "needed" | "refused" | "blocked" | "unavailable";

/** Thrown when no token can be had without the user: the UI shows a "Sign in" button and why. */
export class SignInRequiredError extends Error {
  constructor(
    readonly reason?: unknown,
    readonly why: SignInReason = "needed",
  ) {
    super(`Sign-in required (${why})`);
    this.name = "SignInRequiredError";
  }
}

export interface TokenProvider {
  /**
   * A bearer token for the API, or null when the API runs without authentication. `forceRefresh`:
   * the API refused the last one, so get a new one from the identity provider, not from a cache.
   */
  getToken: (options?: { forceRefresh?: boolean }) => Promise<string | null>;
  /** Interactive sign-in; call it straight from a click so the browser allows the popup. */
  signIn: () => Promise<void>;
}

export const noAuthTokenProvider: TokenProvider = {
  getToken: () => Promise.resolve(null),
  signIn: () => Promise.resolve(),
};
