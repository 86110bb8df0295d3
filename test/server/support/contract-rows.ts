import { newJob } from "../../../server/jobs/new-rows";
import type { JobRow, Store } from "../../../server/store/store";

/** Rows for the Store contract suite (store-contract.ts); `open` gives a fresh, empty store. */
export type OpenStore = (options: { onCommit?: (saves: number) => void }) => Promise<Store>;

export const job = (id: string, createdAt = 1, overrides: Partial<JobRow> = {}): JobRow => ({
  ...newJob({
    id,
    customApi: "x_Api",
    parameters: { n: 1 },
    targetEntity: "account",
    // Each its own record: one active job per record is tested on its own.
    targetId: id,
    requestedByOid: "o",
    requestedByName: "n",
    createdAt,
    chained: true,
    idempotencyKey: null,
    requestHash: null,
    concurrent: false,
  }),
  ...overrides,
});
export const event = { data: "{}", terminal: false };
