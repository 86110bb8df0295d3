import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { ACCOUNT_ID, ALEX, createHarness } from "./support/harness";
import { nightly as storedSchedule, tickerFor } from "./support/schedules";

const ADMIN = { DEV_USER_ROLES: "BackgroundSync.Admin" };
const APP_USER = "3d5f7b9c-2e4a-4b6c-8d0e-1f3a5c7e9b2d";

const nightly = {
  customApi: "sample_SyncRecordsToExternalSystem",
  parameters: {
    EntityName: "{entityName}",
    SyncMode: "Incremental",
    LastSyncDate: "{lastSuccess}",
    ExternalSystemUrl: "http://127.0.0.1:7071/erp/v1/customers",
  },
  target: { entity: "account", id: ACCOUNT_ID },
  cron: "0 2 * * *",
  timeZone: "Europe/Paris",
  runAs: { objectId: ALEX.objectId },
};

let h: ReturnType<typeof createHarness>;
afterEach(() => h.close());

const send = (method: string, path: string, body?: unknown) =>
  h.app.request(path, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const create = async (body: unknown = nightly) => send("POST", "/api/schedules", body);
const fieldsOf = async (res: Response) =>
  ((await res.json()) as { errors: { path: string }[] }).errors.map((e) => e.path).sort();

describe("/api/schedules", () => {
  it("creates a schedule due at the next 02:00 in its time zone, as the named person", async () => {
    h = createHarness(ADMIN); // the clock starts at 2026-01-01T00:00Z: 01:00 in Paris
    const res = await create();
    expect(res.status).toBe(201);
    const s = (await res.json()) as Record<string, unknown> & { id: string };
    expect(res.headers.get("Location")).toBe(`/api/schedules/${s.id}`);
    expect(s).toMatchObject({
      nextRunAt: "2026-01-01T01:00:00.000Z",
      runAs: { objectId: ALEX.objectId, name: ALEX.name },
      enabled: true,
      target: { entity: "account", id: ACCOUNT_ID },
    });
    expect((await h.get(`/api/schedules/${s.id}`)).status).toBe(200);
    expect(((await (await h.get("/api/schedules")).json()) as { items: unknown[] }).items).toHaveLength(1);
  });

  it("names every invalid field: cron, time zone, Custom API, template and run-as user", async () => {
    h = createHarness(ADMIN);
    const bad = await create({
      ...nightly,
      cron: "61 2 * * *",
      timeZone: "Mars/Olympus",
      runAs: { objectId: APP_USER },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
    expect(await fieldsOf(bad)).toEqual(["cron", "runAs.objectId", "timeZone"]);
    expect(await fieldsOf(await create({ ...nightly, customApi: "sample_Nope" }))).toEqual(["customApi"]);
    // A field it does not know, at its own path, at any level.
    const unknown = await create({ ...nightly, crom: "0 3 * * *", runAs: { ...nightly.runAs, nmae: "x" } });
    expect(await fieldsOf(unknown)).toEqual(["crom", "runAs.nmae"]);
    const template = await create({
      ...nightly,
      parameters: { ...nightly.parameters, SyncMode: undefined, Colour: "{column:name}", BatchSize: "x" },
    });
    expect(await fieldsOf(template)).toEqual(["parameters.Colour"]);
    const mismatch = await create({
      ...nightly,
      parameters: { ...nightly.parameters, SyncMode: undefined, BatchSize: "x" },
    });
    expect(await fieldsOf(mismatch)).toEqual(["parameters.BatchSize", "parameters.SyncMode"]);
    expect(await fieldsOf(await create({ ...nightly, cron: "* * * * * *" }))).toEqual(["cron"]);
  });

  it("refuses a record the run-as user cannot read", async () => {
    h = createHarness(ADMIN);
    h.dataverse.readers.clear();
    expect(await fieldsOf(await create())).toEqual(["target.id"]);
  });

  it("refuses every schedule route to callers without the admin role, with 403 problem+json", async () => {
    h = createHarness();
    const id = "5c4e6a8b-1d3f-4a5b-8c7d-0e1f2a3b4c5d";
    const calls: [string, string, unknown?][] = [
      ["POST", "/api/schedules", nightly],
      ["GET", "/api/schedules"],
      ["GET", `/api/schedules/${id}`],
      ["GET", `/api/schedules/${id}/runs`],
      ["PATCH", `/api/schedules/${id}`, { cron: "0 3 * * *" }],
      ["POST", `/api/schedules/${id}/pause`],
      ["POST", `/api/schedules/${id}/resume`],
      ["POST", `/api/schedules/${id}/run`],
      ["DELETE", `/api/schedules/${id}`],
    ];
    for (const [method, path, body] of calls) {
      const res = await send(method, path, body);
      expect([method, path, res.status]).toEqual([method, path, 403]);
      expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
    }
    expect(h.dataverse.starts).toHaveLength(0);
  });

  it("pauses, resumes, changes, runs now and deletes; runs and skips are listed", async () => {
    h = createHarness(ADMIN);
    const { id } = (await (await create()).json()) as { id: string };
    const paused = await send("POST", `/api/schedules/${id}/pause`);
    expect(await paused.json()).toMatchObject({ enabled: false, nextRunAt: null });
    h.clock.advance(3 * 3600_000);
    const resumed = await send("POST", `/api/schedules/${id}/resume`);
    expect(await resumed.json()).toMatchObject({ enabled: true, nextRunAt: "2026-01-02T01:00:00.000Z" });
    const changed = await send("PATCH", `/api/schedules/${id}`, { cron: "30 4 * * 1-5", timeZone: "UTC" });
    expect(await changed.json()).toMatchObject({
      cron: "30 4 * * 1-5",
      nextRunAt: "2026-01-01T04:30:00.000Z",
    });
    expect((await send("PATCH", `/api/schedules/${id}`, { cron: "nope" })).status).toBe(400);

    const first = await send("POST", `/api/schedules/${id}/run`);
    expect(first.status).toBe(202);
    const run = (await first.json()) as { outcome: string; jobId: string; lastSuccess: string | null };
    expect(run).toMatchObject({ outcome: "started", lastSuccess: null });
    const job = (await (await h.get(`/api/jobs/${run.jobId}`)).json()) as Record<string, unknown>;
    expect(job).toMatchObject({ scheduleId: id, requestedBy: ALEX, status: "running" });
    const sent = h.dataverse.starts[0]?.parameters;
    expect(sent).toMatchObject({
      EntityName: "account",
      SyncMode: "Incremental",
      ExternalSystemUrl: "http://127.0.0.1:7071/erp/v1/customers",
    });
    // No success yet: the input that is only {lastSuccess} is left out.
    expect(sent).not.toHaveProperty("LastSyncDate");
    h.clock.advance(1000);
    const second = (await (await send("POST", `/api/schedules/${id}/run`)).json()) as Record<string, unknown>;
    expect(second).toMatchObject({ outcome: "skipped", jobId: run.jobId });
    const runs = (await (await h.get(`/api/schedules/${id}/runs`)).json()) as {
      items: { outcome: string }[];
    };
    expect(runs.items.map((r) => r.outcome)).toEqual(["skipped", "started"]);

    expect((await send("DELETE", `/api/schedules/${id}`)).status).toBe(204);
    expect((await h.get(`/api/schedules/${id}`)).status).toBe(404);
    expect((await h.get(`/api/jobs/${run.jobId}`)).status).toBe(200);
  });

  it("keeps a due run through changes that leave its timing alone, and the ticker then starts it", async () => {
    h = createHarness(ADMIN);
    const { id } = (await (await create()).json()) as { id: string };
    h.clock.advance(3600_000); // 02:00 in Paris: due, and no tick has claimed it yet
    const due = { enabled: true, nextRunAt: "2026-01-01T01:00:00.000Z" };
    const parameters = { ...nightly.parameters, SyncMode: "Full" };
    const unchanged = [
      await send("PATCH", `/api/schedules/${id}`, {}),
      await send("PATCH", `/api/schedules/${id}`, { parameters }),
      await send("PATCH", `/api/schedules/${id}`, { cron: " 0 2 * * * ", timeZone: "Europe/Paris" }),
      await send("POST", `/api/schedules/${id}/resume`),
    ];
    for (const res of unchanged) expect(await res.json()).toMatchObject(due);
    expect(await tickerFor(h).tick()).toBe(1);
    expect(h.dataverse.starts).toHaveLength(1);
    expect(await (await h.get(`/api/schedules/${id}`)).json()).toMatchObject({
      nextRunAt: "2026-01-02T01:00:00.000Z",
    });
  });

  it("summarises a record's schedules for anyone who can read it", async () => {
    h = createHarness(ADMIN);
    const summary = () => h.get(`/api/schedules/summary?entity=account&id=${ACCOUNT_ID}`);
    expect(await (await summary()).json()).toEqual({ schedules: 0, nextRunAt: null, lastRun: null });
    const { id } = (await (await create()).json()) as { id: string };
    await create({
      ...nightly,
      target: { entity: "account", id: null },
      parameters: { ...nightly.parameters },
      cron: "0 1 * * *",
    });
    await send("POST", `/api/schedules/${id}/run`);
    const body = (await (await summary()).json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      schedules: 2,
      // The record's 02:00 Paris comes before the table's 01:00 Paris, which has just passed.
      nextRunAt: "2026-01-01T01:00:00.000Z",
      lastRun: { status: "running", endedAt: null },
    });
    h.dataverse.readers.clear();
    h.clock.advance(3600_000);
    expect((await summary()).status).toBe(403);
  });

  it("summarises a record's schedules however many schedules of other records its table has", async () => {
    h = createHarness(ADMIN);
    // Older than the record's own, so they would come first in a list of the table's schedules.
    const before = h.clock.now() - 1000;
    for (let i = 0; i < 120; i++)
      await h.store.createSchedule(storedSchedule(before, { id: randomUUID(), targetId: randomUUID() }));
    await create();
    const summary = await h.get(`/api/schedules/summary?entity=account&id=${ACCOUNT_ID}`);
    expect(await summary.json()).toEqual({
      schedules: 1,
      nextRunAt: "2026-01-01T01:00:00.000Z",
      lastRun: null,
    });
  });

  it("documents every schedule route in the OpenAPI document", async () => {
    h = createHarness();
    const doc = (await (await h.get("/openapi.json")).json()) as { paths: Record<string, object> };
    const methods = (path: string) => Object.keys(doc.paths[path] ?? {}).sort();
    expect(methods("/api/schedules")).toEqual(["get", "post"]);
    expect(methods("/api/schedules/{id}")).toEqual(["delete", "get", "patch"]);
    for (const action of ["pause", "resume", "run"])
      expect(methods(`/api/schedules/{id}/${action}`)).toEqual(["post"]);
    expect(methods("/api/schedules/{id}/runs")).toEqual(["get"]);
    expect(methods("/api/schedules/summary")).toEqual(["get"]);
  });

  it("pauses a schedule whose person is erased; it resumes only with a new run-as user", async () => {
    h = createHarness(ADMIN);
    const { id } = (await (await create()).json()) as { id: string };
    const erased = (await (await send("POST", "/api/erasures", { objectId: ALEX.objectId })).json()) as {
      schedulesPaused: string[];
    };
    expect(erased.schedulesPaused).toEqual([id]);
    expect(await (await h.get(`/api/schedules/${id}`)).json()).toMatchObject({
      enabled: false,
      nextRunAt: null,
      runAs: { objectId: null, name: "" },
    });
    expect((await send("POST", `/api/schedules/${id}/resume`)).status).toBe(409);
    expect(await fieldsOf(await send("PATCH", `/api/schedules/${id}`, { cron: "0 3 * * *" }))).toEqual([
      "runAs.objectId",
    ]);
    const megan = "6e8a0c2e-4b6d-4f8a-9c1e-3a5c7e9b1d3f";
    h.dataverse.readers.add(megan);
    expect((await send("PATCH", `/api/schedules/${id}`, { runAs: { objectId: megan } })).status).toBe(200);
    const resumed = await send("POST", `/api/schedules/${id}/resume`);
    expect(await resumed.json()).toMatchObject({ enabled: true, runAs: { name: "Megan Bowen" } });
  });

  it("shows a table-wide run to its run-as person only, never asking Dataverse about an empty record id", async () => {
    h = createHarness(ADMIN);
    const megan = "6e8a0c2e-4b6d-4f8a-9c1e-3a5c7e9b1d3f";
    const table = { ...nightly, target: { entity: "account", id: null }, runAs: { objectId: megan } };
    const { id } = (await (await create(table)).json()) as { id: string };
    const run = (await (await send("POST", `/api/schedules/${id}/run`)).json()) as { jobId: string };
    expect(h.dataverse.starts[0]?.callerObjectId).toBe(megan);
    expect((await h.get(`/api/jobs/${run.jobId}`)).status).toBe(404);
    expect(h.dataverse.recordAccessChecks.filter((c) => c.id === "")).toEqual([]);
  });
});
