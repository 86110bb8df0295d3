import { State, Status } from "../../contracts/background-operation";

/** What the server reads from the operation codes (contracts/background-operation.ts). */
export { State, Status } from "../../contracts/background-operation";

export type Outcome = "succeeded" | "failed" | "canceled";

export const isTerminal = (stateCode: number) => stateCode === State.Completed;

export function outcomeOf(statusCode: number): Outcome {
  if (statusCode === Status.Succeeded) return "succeeded";
  if (statusCode === Status.Canceled) return "canceled";
  return "failed";
}

/**
 * Position of a state in an operation's life. Observations (callbacks, polls) arrive late, twice or
 * out of order; an operation only ever moves to a higher rank, never back.
 */
export function rankOf(stateCode: number, statusCode: number): number {
  if (stateCode === State.Completed) return 3;
  if (stateCode === State.Locked) return statusCode === Status.Canceling ? 2 : 1;
  return 0;
}

/** How an operation ends when our side ends it: canceled (3/32) or failed (3/31). */
export const ENDED_CANCELED = { stateCode: State.Completed, statusCode: Status.Canceled } as const;
export const ENDED_FAILED = { stateCode: State.Completed, statusCode: Status.Failed } as const;
