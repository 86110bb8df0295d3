import { describe, expect, it } from "vitest";
import { createStartFinder } from "../../server/jobs/adopt";
import { newJob, newOperation } from "../../server/jobs/new-rows";

/** An earlier start is recognised by its inputs; the progress URL among them by the operation it names. */

const job = newJob({
  id: "00000000-0000-4000-8000-000000000001",
  customApi: "sample_SyncRecordsToExternalSystem",
  parameters: { EntityName: "account", SyncMode: "Full" },
  targetEntity: "account",
  targetId: "11111111-2222-4333-8444-555555555555",
  requestedByOid: "oid",
  requestedByName: "Alex",
  createdAt: 0,
  chained: true,
  idempotencyKey: null,
  requestHash: null,
  concurrent: false,
  takesProgressUrl: true,
});
const op = newOperation(job, 2, "account:42", "6d0c2e4a-1111-4222-8333-444455556666", 0);
const progress = (operationId: string, sig: string) =>
  `https://api.example/callbacks/operations/${operationId}/progress?exp=1&sig=${sig}`;

function finder(inputs: Record<string, unknown>) {
  return createStartFinder({
    dataverse: {
      findStartedOperations: () => Promise.resolve([{ backgroundOperationId: "bg-1", createdOn: 0, inputs }]),
    },
    store: {
      operationByBackgroundId: () => Promise.resolve(undefined),
      listOperations: () => Promise.resolve([]),
    },
  });
}
const sent = { ...job.parameters, Cursor: "account:42" };

describe("adopting an earlier start of a batch that had a progress URL", () => {
  it("adopts it though the URL was signed with another key", async () => {
    expect(await finder({ ...sent, ProgressUrl: progress(op.id, "old-key-signature") })(job, op)).toBe(
      "bg-1",
    );
  });

  it("does not adopt a start whose progress URL names another operation", async () => {
    const other = "7d0c2e4a-1111-4222-8333-444455556666";
    expect(await finder({ ...sent, ProgressUrl: progress(other, "sig") })(job, op)).toBeNull();
    expect(await finder({ ...sent, ProgressUrl: "not a url" })(job, op)).toBeNull();
  });

  it("still compares every other input exactly", async () => {
    expect(
      await finder({ ...sent, Cursor: "account:43", ProgressUrl: progress(op.id, "s") })(job, op),
    ).toBeNull();
    expect(await finder(sent)(job, op)).toBe("bg-1");
  });
});
