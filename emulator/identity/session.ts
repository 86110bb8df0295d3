import { randomBytes } from "node:crypto";

/**
 * Form-page sessions. Dataverse's own pages call the Web API with a session cookie, never a token in
 * the page; the emulator's form host does the same, always as DEMO_USER (no sign-in page).
 */
export const SESSION_COOKIE = "bgsync_emulator_session";

export interface SessionStore {
  create(systemUserId: string): string;
  userOf(sessionId: string | undefined): string | undefined;
  clear(): void;
}

export function createSessionStore(): SessionStore {
  const sessions = new Map<string, string>();
  return {
    create(systemUserId) {
      const id = randomBytes(24).toString("base64url");
      sessions.set(id, systemUserId);
      return id;
    },
    userOf: (id) => (id ? sessions.get(id) : undefined),
    clear: () => sessions.clear(),
  };
}
