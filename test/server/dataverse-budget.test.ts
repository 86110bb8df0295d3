import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createHarness, validInput } from "./support/harness";

let h: ReturnType<typeof createHarness>;
afterEach(() => h.close());

const readRandomRecord = () => h.get(`/api/jobs?entity=account&id=${randomUUID()}`);

describe("per-user budget of Dataverse calls (DATAVERSE_USER_BUDGET_PER_MINUTE)", () => {
  it("300 reads of random records cost at most the budget in Dataverse calls, then 429 with Retry-After", async () => {
    h = createHarness({ DATAVERSE_USER_BUDGET_PER_MINUTE: "60" });
    const statuses: number[] = [];
    for (let i = 0; i < 300; i++) statuses.push((await readRandomRecord()).status);
    expect(h.dataverse.recordAccessChecks).toHaveLength(60);
    expect(statuses.filter((s) => s === 200)).toHaveLength(60);
    const limited = await readRandomRecord();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(limited.headers.get("content-type")).toBe("application/problem+json");
    expect(await limited.json()).toMatchObject({
      type: "https://bgsync.example/problems/dataverse-budget-exceeded",
      status: 429,
      detail: "Your requests have used your share of Dataverse calls for now; try again in 1 s.",
    });
    // The bucket refills at the budget's rate: one call a second for 60 a minute.
    h.clock.advance(1000);
    expect((await readRandomRecord()).status).toBe(200);
    expect((await readRandomRecord()).status).toBe(429);
  });

  it("answers that cost no Dataverse call (cached access, own jobs) stay free", async () => {
    h = createHarness({ DATAVERSE_USER_BUDGET_PER_MINUTE: "4" });
    expect((await h.post("/api/jobs", validInput)).status).toBe(202);
    for (let i = 0; i < 20; i++) {
      expect((await h.get("/api/jobs")).status).toBe(200);
      expect((await h.get(`/api/jobs?entity=account&id=${validInput.target.id}`)).status).toBe(200);
    }
    // The start cost three calls (record check, Custom API definition, start), leaving one; the
    // reads above were answered from the access cache or the store; callbacks are charged to no one.
    expect((await h.callback(1)).status).toBe(204);
  });
});
