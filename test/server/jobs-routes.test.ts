import { afterEach, describe, expect, it } from "vitest";
import { DataverseError } from "../../server/dataverse/errors";
import type { Job } from "../../server/jobs/job-json";
import { ALEX, createHarness, validInput } from "./support/harness";

let h: ReturnType<typeof createHarness>;
const concurrentInput = { ...validInput, allowConcurrent: true };
afterEach(() => h.close());

describe("POST /api/jobs", () => {
  it("answers 202 with Location and the job, after starting batch 1 as the caller with a signed callback", async () => {
    h = createHarness();
    const res = await h.post("/api/jobs", validInput);
    expect(res.status).toBe(202);
    const job = (await res.json()) as Job;
    expect(res.headers.get("location")).toBe(`/api/jobs/${job.id}`);
    expect(job).toMatchObject({
      customApi: "sample_SyncRecordsToExternalSystem",
      // Dataverse accepted batch 1: for the user the sync runs from here (issue 14, item 1).
      status: "running",
      requestedBy: ALEX,
      target: validInput.target,
      progress: { synced: 0, failed: 0, total: null, batches: 0 },
      error: null,
    });
    expect(job.operations).toHaveLength(1);
    const [start] = h.dataverse.starts;
    expect(start).toMatchObject({
      customApi: "sample_SyncRecordsToExternalSystem",
      callerObjectId: ALEX.objectId,
      parameters: validInput.parameters,
    });
    expect(job.operations[0]?.backgroundOperationId).toBe(start?.backgroundOperationId);
    expect(start?.callbackUrl).toMatch(/\/callbacks\/operations\/[0-9a-f-]{36}\?exp=\d+&sig=[\w-]{43}$/);
    const stored = await h.app.request(`/api/jobs/${job.id}`);
    expect(await stored.json()).toEqual(job);
  });

  it("lists every parameter problem as problem+json, byte for byte", async () => {
    h = createHarness();
    const res = await h.post(
      "/api/jobs",
      {
        ...validInput,
        parameters: { EntityName: 5, Colour: "red", ExternalSystemUrl: "https://evil.example/x" },
      },
      { "X-Request-Id": "req-1" },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.text()).toBe(
      '{"type":"https://bgsync.example/problems/validation-failed","title":"The request is not valid","status":400,' +
        '"detail":"The parameters do not match the Custom API\'s definition.","instance":"/api/jobs","requestId":"req-1",' +
        '"errors":[{"path":"parameters.EntityName","message":"must be a string"},' +
        '{"path":"parameters.Colour","message":"sample_SyncRecordsToExternalSystem has no input parameter Colour"},' +
        '{"path":"parameters.ExternalSystemUrl","message":"origin https://evil.example is not allowed"},' +
        '{"path":"parameters.SyncMode","message":"is required"}]}',
    );
    expect(h.dataverse.starts).toHaveLength(0);
  });

  it("answers 400 naming each field it does not know, at any level, and stores nothing", async () => {
    h = createHarness();
    const res = await h.post("/api/jobs", {
      ...validInput,
      target: { ...validInput.target, extra: 1 },
      notifyURL: "https://example.test/hook",
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: unknown }).errors).toEqual([
      { path: "target.extra", message: "is not a field of this request" },
      { path: "notifyURL", message: "is not a field of this request" },
    ]);
    expect(h.dataverse.starts).toHaveLength(0);
    expect(await h.store.listJobs({ limit: 10 })).toEqual([]);
  });

  it.each([2147483648, -2147483649, 1e308, 1.5])(
    "answers 400 naming BatchSize for %s (not an Int32) and stores nothing",
    async (batchSize) => {
      h = createHarness();
      const res = await h.post("/api/jobs", {
        ...validInput,
        parameters: { ...validInput.parameters, BatchSize: batchSize },
      });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(((await res.json()) as { errors: unknown }).errors).toEqual([
        { path: "parameters.BatchSize", message: "must be an integer from -2147483648 to 2147483647" },
      ]);
      expect(h.dataverse.starts).toHaveLength(0);
      expect(await h.store.listJobs({ limit: 10 })).toEqual([]);
    },
  );

  it("answers 400 naming LastSyncDate for a date that is not ISO 8601 or does not exist", async () => {
    h = createHarness();
    for (const date of ["March 7, 2026", "2026-02-30", "2026-01-01T24:00:00Z", "1"]) {
      const res = await h.post("/api/jobs", {
        ...validInput,
        parameters: { ...validInput.parameters, LastSyncDate: date },
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe(
        "parameters.LastSyncDate",
      );
    }
    expect(await h.store.listJobs({ limit: 10 })).toEqual([]);
  });

  it("validates the envelope with zod and reports each issue", async () => {
    h = createHarness();
    const res = await h.post("/api/jobs", { customApi: "", target: { entity: "Account!", id: "x" } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path).sort()).toEqual(["customApi", "target.entity", "target.id"]);
  });

  it("accepts a Dataverse record id that is a GUID without RFC 4122 version bits, and lists its jobs", async () => {
    h = createHarness();
    const id = "00000000-0000-0000-0000-000000000001";
    const res = await h.post("/api/jobs", { ...validInput, target: { entity: "account", id } });
    expect(res.status).toBe(202);
    const job = (await res.json()) as Job;
    expect(job.target).toEqual({ entity: "account", id });
    const list = await h.app.request(`/api/jobs?entity=account&id=${id}`);
    expect(list.status).toBe(200);
    expect(((await list.json()) as { items: Job[] }).items.map((j) => j.id)).toEqual([job.id]);
    const notGuid = await h.post("/api/jobs", { ...validInput, target: { entity: "account", id: "0000-1" } });
    expect(notGuid.status).toBe(400);
  });

  it("refuses Custom APIs that are not allow-listed", async () => {
    h = createHarness({ ALLOWED_CUSTOM_APIS: "other_Api" });
    const res = await h.post("/api/jobs", validInput);
    expect(res.status).toBe(403);
    expect(h.dataverse.starts).toHaveLength(0);
  });

  it("does not let the caller set the chaining cursor", async () => {
    h = createHarness();
    const res = await h.post("/api/jobs", {
      ...validInput,
      parameters: { ...validInput.parameters, Cursor: "x" },
    });
    expect(res.status).toBe(400);
  });

  it("surfaces a Dataverse refusal as 502 with the upstream status and OData code, and records the failed job", async () => {
    h = createHarness();
    h.dataverse.failNextStart = new DataverseError(
      403,
      "0x80040220",
      "Principal user is missing prvReadaccount",
    );
    const res = await h.post("/api/jobs", validInput, { "X-Request-Id": "req-2" });
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({
      type: "https://bgsync.example/problems/upstream-error",
      title: "Dataverse refused or failed the request",
      status: 502,
      detail: "Principal user is missing prvReadaccount",
      instance: "/api/jobs",
      requestId: "req-2",
      upstreamStatus: 403,
      code: "0x80040220",
    });
    const list = (await (await h.app.request("/api/jobs")).json()) as { items: Job[] };
    expect(list.items[0]).toMatchObject({ status: "failed", error: { code: "0x80040220", batch: 1 } });
  });

  it("finds a job by its id in any case, as GUIDs are", async () => {
    h = createHarness();
    const job = (await (await h.post("/api/jobs", validInput)).json()) as Job;
    const upper = job.id.toUpperCase();
    expect(((await (await h.get(`/api/jobs/${upper}`)).json()) as Job).id).toBe(job.id);
    expect((await h.get(`/api/jobs/${upper}/failures`)).status).toBe(200);
    const events = await h.get(`/api/jobs/${upper}/events`);
    expect(events.status).toBe(200);
    await events.body?.cancel();
    expect((await h.post(`/api/jobs/${upper}/cancel`)).status).toBe(202);
  });

  it("passes Dataverse's Retry-After on as a header when it throttled the start", async () => {
    h = createHarness();
    h.dataverse.failNextStart = new DataverseError(429, "0x80072322", "Number of requests exceeded", 7);
    const res = await h.post("/api/jobs", validInput);
    expect(res.status).toBe(502);
    expect(res.headers.get("retry-after")).toBe("7");
    expect(await res.json()).toMatchObject({ upstreamStatus: 429, retryAfter: 7 });
  });

  it("returns the same job for a repeated Idempotency-Key and refuses the key for another request", async () => {
    h = createHarness();
    const headers = { "Idempotency-Key": "click-1" };
    const [a, b] = await Promise.all([
      h.post("/api/jobs", validInput, headers),
      h.post("/api/jobs", validInput, headers),
    ]);
    const [ja, jb] = (await Promise.all([a.json(), b.json()])) as Job[];
    expect(ja?.id).toBe(jb?.id);
    expect(h.dataverse.starts).toHaveLength(1);
    const other = await h.post(
      "/api/jobs",
      { ...validInput, parameters: { ...validInput.parameters, SyncMode: "Incremental" } },
      headers,
    );
    expect(other.status).toBe(422);
  });

  it("knows a retry by its meaning: keys in another order, the GUID's case, a default spelled out", async () => {
    h = createHarness();
    const headers = { "Idempotency-Key": "click-2" };
    const first = (await (await h.post("/api/jobs", validInput, headers)).json()) as Job;
    const { EntityName, SyncMode, ExternalSystemUrl } = validInput.parameters;
    const respelled = {
      allowConcurrent: false,
      target: { id: validInput.target.id.toUpperCase(), entity: validInput.target.entity },
      parameters: { SyncMode, ExternalSystemUrl, EntityName },
      customApi: validInput.customApi,
    };
    const retry = await h.post("/api/jobs", respelled, headers);
    expect(retry.status).toBeLessThan(300);
    expect(((await retry.json()) as Job).id).toBe(first.id);
    expect(h.dataverse.starts).toHaveLength(1);
  });

  it("rate-limits job creation per user", async () => {
    h = createHarness({ JOB_RATE_LIMIT_PER_MINUTE: "2", ALLOW_CONCURRENT_JOBS: "true" });
    expect((await h.post("/api/jobs", concurrentInput)).status).toBe(202);
    expect((await h.post("/api/jobs", concurrentInput)).status).toBe(202);
    const limited = await h.post("/api/jobs", concurrentInput);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("30");
    h.clock.advance(30_000);
    expect((await h.post("/api/jobs", concurrentInput)).status).toBe(202);
  });

  it("limits the body size", async () => {
    h = createHarness({ MAX_BODY_BYTES: "1024" });
    const res = await h.post("/api/jobs", { ...validInput, parameters: { EntityName: "x".repeat(2000) } });
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("GET /api/jobs", () => {
  it("pages the record's history newest first with a cursor", async () => {
    h = createHarness({ ALLOW_CONCURRENT_JOBS: "true" });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(((await (await h.post("/api/jobs", concurrentInput)).json()) as Job).id);
      h.clock.advance(1000);
    }
    const q = `/api/jobs?entity=account&id=${validInput.target.id}&limit=2`;
    const seen: string[] = [];
    let url: string | null = q;
    while (url) {
      const page = (await (await h.app.request(url)).json()) as { items: Job[]; nextCursor?: string };
      seen.push(...page.items.map((j) => j.id));
      url = page.nextCursor ? `${q}&cursor=${page.nextCursor}` : null;
    }
    expect(seen).toEqual(ids.reverse());
  });

  it("rejects a forged cursor", async () => {
    h = createHarness();
    expect((await h.app.request("/api/jobs?cursor=bm9wZQ")).status).toBe(400);
  });
});
