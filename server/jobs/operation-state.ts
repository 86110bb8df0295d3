/**
 * Background operation states (dataverse-facts.md, "States"). 30, 31 and 32 are all terminal: a loop
 * that waited only for 30 or 31 would hang forever on a cancel.
 */

export const State = { Ready: 0, Locked: 2, Completed: 3 } as const;
export const Status = {
  WaitingForResources: 0,
  InProgress: 20,
  Canceling: 22,
  Succeeded: 30,
  Failed: 31,
  Canceled: 32,
} as const;

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
