import { randomBytes } from "node:crypto";
/** What an authorization code or refresh token stands for. */
export interface Grant {
  clientId: string;
  /** systemuserid of the person who signed in. */
  userId: string;
  /** The scopes as requested (OIDC scopes and one resource's scopes). */
  scopes: string[];
}

export interface PendingCode extends Grant {
  redirectUri: string;
  codeChallenge: string;
  nonce: string | undefined;
}

/** One authorize request and how it ended, so tests can tell silent sign-in from interaction. */
export interface SignInRecord {
  prompt: string | null;
  loginHint: string | null;
  /**
   * "code": signed in without a page; "page": the sign-in page shown; "signed-in": a person picked
   * on the page; else the OAuth error sent back (login_required).
   */
  outcome: string;
  /** Whether the request carried the sign-in session cookie. */
  hadSession: boolean;
}

// Entra: codes live about 10 minutes; an SPA's refresh token 24 hours, not extended by use.
const CODE_TTL_MS = 10 * 60_000;
export const SPA_REFRESH_TTL_MS = 24 * 3600_000;

const opaque = () => randomBytes(32).toString("base64url");

export interface Grants {
  issueCode(code: PendingCode): string;
  /** The code's grant, once: a second redemption finds nothing. */
  redeemCode(code: string): PendingCode | undefined;
  issueRefreshToken(grant: Grant, expiresAt: number): string;
  refreshToken(token: string): (Grant & { expiresAt: number }) | undefined;
  /** Browser sign-in sessions (the sign-in host's cookie): id -> systemuserid. */
  startSession(userId: string): string;
  sessionUser(id: string | undefined): string | undefined;
  record(entry: SignInRecord): void;
  log(): SignInRecord[];
  clear(): void;
}

/** Wall-clock time on purpose: token lifetimes are real seconds, whatever the emulator's timeScale. */
export function createGrants(now: () => number = Date.now): Grants {
  const codes = new Map<string, PendingCode & { expiresAt: number }>();
  const refresh = new Map<string, Grant & { expiresAt: number }>();
  const sessions = new Map<string, string>();
  let entries: SignInRecord[] = [];
  return {
    issueCode(code) {
      const value = opaque();
      codes.set(value, { ...code, expiresAt: now() + CODE_TTL_MS });
      return value;
    },
    redeemCode(value) {
      const code = codes.get(value);
      codes.delete(value);
      return code && code.expiresAt > now() ? code : undefined;
    },
    issueRefreshToken(grant, expiresAt) {
      const value = opaque();
      refresh.set(value, { ...grant, expiresAt });
      return value;
    },
    refreshToken(value) {
      const grant = refresh.get(value);
      return grant && grant.expiresAt > now() ? grant : undefined;
    },
    startSession(userId) {
      const id = opaque();
      sessions.set(id, userId);
      return id;
    },
    sessionUser: (id) => (id === undefined ? undefined : sessions.get(id)),
    record: (entry) => void entries.push(entry),
    log: () => [...entries],
    clear() {
      codes.clear();
      refresh.clear();
      sessions.clear();
      entries = [];
    },
  };
}
