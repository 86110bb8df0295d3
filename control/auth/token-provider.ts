/** Thrown when no token can be had without the user: the UI shows a "Sign in" button. */
export class SignInRequiredError extends Error {
  constructor(readonly reason?: unknown) {
    super("Sign-in required");
    this.name = "SignInRequiredError";
  }
}

export interface TokenProvider {
  /** A bearer token for the API, or null when the API runs without authentication. */
  getToken: () => Promise<string | null>;
  /** Interactive sign-in; call it straight from a click so the browser allows the popup. */
  signIn: () => Promise<void>;
}

export const noAuthTokenProvider: TokenProvider = {
  getToken: () => Promise.resolve(null),
  signIn: () => Promise.resolve(),
};
