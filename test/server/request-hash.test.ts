import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isSameRequest, requestHash } from "../../server/jobs/request-hash";

/** What an Idempotency-Key remembers of its start, and what counts as the same start again. */

const input = {
  customApi: "sample_SyncRecordsToExternalSystem",
  parameters: { EntityName: "account", SyncMode: "Full" },
  target: { entity: "account", id: "5f0c2a1e-7b3d-4c8e-9a6f-1d2e3f4a5b6c" },
};

describe("the request an Idempotency-Key remembers", () => {
  it("is the same however its JSON is spelled", () => {
    const respelled = {
      target: { id: input.target.id.toUpperCase(), entity: "account" },
      parameters: { SyncMode: "Full", EntityName: "account" },
      customApi: input.customApi,
      allowConcurrent: false,
    };
    expect(requestHash(respelled)).toBe(requestHash(input));
    expect(isSameRequest(requestHash(input), respelled)).toBe(true);
  });

  it("differs when what it asks differs", () => {
    const other = { ...input, parameters: { ...input.parameters, SyncMode: "Incremental" } };
    expect(isSameRequest(requestHash(input), other)).toBe(false);
    expect(isSameRequest(requestHash(input), { ...input, allowConcurrent: true })).toBe(false);
  });

  it("still matches a key stored by 0.2.0, the hash of the request as parsed", () => {
    const stored = createHash("sha256").update(JSON.stringify(input)).digest("base64url");
    expect(isSameRequest(stored, input)).toBe(true);
    expect(isSameRequest(stored, { ...input, parameters: { SyncMode: "Full" } })).toBe(false);
  });
});
