import type { AccountStore } from "../seed/accounts";
import type { Clock } from "../clock";
import type { ResolvedOptions } from "../options";

/** What a plug-in gets from the emulated sandbox (an IOrganizationService-like read of data, HTTP out). */
export interface PluginContext {
  input: Record<string, unknown>;
  /** Aborted when the run exceeds the execution limit: the sandbox stops the plug-in. */
  signal: AbortSignal;
  clock: Clock;
  runAs: string;
  accounts: AccountStore;
  settings: ResolvedOptions["plugin"];
  /** The environment's environment variables by schema name, as the plug-in would retrieve them. */
  environmentVariables: Readonly<Record<string, string>>;
}

export type Plugin = (context: PluginContext) => Promise<Record<string, unknown>>;

/** An InvalidPluginExecutionException: the run fails with this Dataverse error code and message. */
export class PluginError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "PluginError";
  }
}
