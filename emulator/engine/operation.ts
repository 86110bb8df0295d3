import { State, type StateCode, type StatusCode } from "../../contracts/background-operation";

export {
  State,
  Status,
  STATE_LABELS,
  STATUS_LABELS,
  type StateCode,
  type StatusCode,
} from "../../contracts/background-operation";

/** Default row lifetime: 90 days (the `ttlinseconds` column). */
export const DEFAULT_TTL_SECONDS = 90 * 24 * 3600;

export interface BackgroundOperation {
  id: string;
  /** The Custom API's unique name (`name` column). */
  name: string;
  displayName: string;
  input: Record<string, unknown>;
  /** Outputs of the last successful run, kept even when a cancel wins (see README). */
  outputs: Record<string, unknown> | null;
  stateCode: StateCode;
  statusCode: StatusCode;
  /** Signed int32 Dataverse error code, 0 for errors not raised by Dataverse, null when none. */
  errorCode: number | null;
  errorMessage: string | null;
  createdOn: Date;
  startTime: Date | null;
  endTime: Date | null;
  retryCount: number;
  /** systemuserid of the (possibly impersonated) caller. */
  runAs: string;
  ttlInSeconds: number;
  callbackUrl: string | null;
  location: string;
  cancelRequested: boolean;
  /** Bumped on every change: the row's @odata.etag. */
  version: number;
}

export const isTerminal = (op: Pick<BackgroundOperation, "stateCode">) => op.stateCode === State.Completed;

/** Signed int32 form of a hex Dataverse error code, as the errorcode column stores it. */
export const errorCodeOf = (hex: string) => Number.parseInt(hex, 16) | 0;

/** Dataverse's code for an exception thrown by plug-in code (InvalidPluginExecutionException). */
export const PLUGIN_ERROR = "0x80040265";
/** The sandbox's "operation has timed-out" code for a plug-in exceeding 2 minutes. */
export const PLUGIN_TIMEOUT_ERROR = "0x8004418D";
