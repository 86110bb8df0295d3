import { describe, expect, it } from "vitest";
import { createStartFinder } from "../../server/jobs/adopt";
import { newOperation } from "../../server/jobs/new-rows";
import type { OperationRow } from "../../server/store/store";
import { jobRow } from "./support/job-rows";

/**
 * Which `backgroundoperations` rows an ambiguous start is looked for among: created since the batch
 * before it was, because a hand-off may send a batch's start before it commits the batch's row, and
 * a restart long after a crash creates that row anew (server/jobs/hand-off.ts).
 */

const MINUTE = 60_000;
const job = jobRow();
const op = (batch: number, createdAt: number, cursor: string | null = null): OperationRow =>
  newOperation(job, batch, cursor, `op-${batch}-${createdAt}`, createdAt);

function finder(operations: OperationRow[]) {
  const since: number[] = [];
  const find = createStartFinder({
    dataverse: {
      findStartedOperations: (_api, from) => {
        since.push(from);
        return Promise.resolve([
          { backgroundOperationId: "bg-2", createdOn: 0, inputs: { ...job.parameters, Cursor: "c1" } },
        ]);
      },
    },
    store: {
      operationByBackgroundId: () => Promise.resolve(undefined),
      listOperations: () => Promise.resolve(operations),
    },
  });
  return { find, since };
}

describe("looking for an earlier start", () => {
  it("reaches back to when the batch before was created, however late the batch's own row came", async () => {
    const first = op(1, 0);
    const second = op(2, 90 * MINUTE, "c1");
    const { find, since } = finder([first, second]);
    expect(await find(job, second)).toBe("bg-2");
    expect(since).toEqual([-5 * MINUTE]);
  });

  it("for a first batch, reaches back to its own creation", async () => {
    const first = op(1, 10 * MINUTE);
    const { find, since } = finder([first]);
    expect(await find(job, first)).toBeNull();
    expect(since).toEqual([5 * MINUTE]);
  });
});
