import type { AccountStore } from "./seed/accounts";
import type { Clock } from "./clock";
import type { Counters } from "./admin/counters";
import type { Faults } from "./admin/faults";
import type { CallbackSender } from "./engine/callbacks";
import type { OperationQueue } from "./engine/operation-queue";
import type { OperationStore } from "./engine/operation-store";
import type { ErpStore } from "./erp/erp-store";
import type { FlowRuns } from "./flow/flow-trigger";
import type { SigningKeys } from "./identity/keys";
import type { Grants } from "./identity/grants";
import type { SessionStore } from "./identity/session";
import type { ServiceProtection } from "./throttle/service-protection";
import type { ResolvedOptions } from "./options";
import type { SystemUser } from "./seed/system-users";

/** Everything the routes share; built once per emulator in `startEmulator`. */
export interface EmulatorContext {
  options: ResolvedOptions;
  /** Filled in once the server listens (port 0 gives the real port only then). */
  base: { url: string };
  clock: Clock;
  keys: SigningKeys;
  sessions: SessionStore;
  /** Sign-in sessions, authorization codes and refresh tokens of the Entra side. */
  grants: Grants;
  accounts: AccountStore;
  operations: OperationStore;
  queue: OperationQueue;
  callbacks: CallbackSender;
  erp: ErpStore;
  flowRuns: FlowRuns;
  counters: Counters;
  faults: Faults;
  throttle: ServiceProtection;
}

/** Who is calling: the authenticated principal and, after impersonation, the effective user. */
export interface Caller {
  principal: SystemUser;
  user: SystemUser;
  via: "token" | "session";
}

export interface EmulatorEnv {
  Variables: { caller: Caller; routeKey: string };
}
