/**
 * The `backgroundoperation` table's state and status codes (`backgroundoperationstatecode`,
 * `backgroundoperationstatuscode`), as Dataverse writes them; see docs/dataverse.md. 30, 31 and 32
 * are all terminal: a loop that waited only for 30 or 31 would hang forever on a cancel.
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
export type StateCode = (typeof State)[keyof typeof State];
export type StatusCode = (typeof Status)[keyof typeof Status];

/** The labels Dataverse returns as formatted values of the two columns. */
export const STATE_LABELS: Record<StateCode, string> = { 0: "Ready", 2: "Locked", 3: "Completed" };
export const STATUS_LABELS: Record<StatusCode, string> = {
  0: "Waiting For Resources",
  20: "In Progress",
  22: "Canceling",
  30: "Succeeded",
  31: "Failed",
  32: "Canceled",
};
