import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USER, SERVER_APP_USER, startEmulator, type RunningEmulator } from "../../emulator/index";
import { startServer, type RunningServer } from "../../server/start";
import { testConfig } from "./support/harness";
import { frames, sseReader } from "./support/sse";

/**
 * A schedule against the emulator: the run-as user is looked up in Dataverse's systemusers (the
 * application user is refused), and two runs in a row make the second incremental from the first's start.
 */

let emulator: RunningEmulator;
let api: RunningServer;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, accountCount: 40, timeScale: 0.01 });
  api = await startServer(
    testConfig({
      DATAVERSE_URL: emulator.url,
      ALLOWED_URL_ORIGINS: emulator.url,
      DEV_USER_ROLES: "BackgroundSync.Admin",
      // Runs here are asked for ("run now"); the ticker is left to the movable-clock tests.
      SCHEDULE_TICK_MS: "3600000",
    }),
  );
});
afterAll(async () => {
  await api?.close();
  await emulator?.close();
});

const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const ended = async (jobId: string) =>
  frames(await sseReader(await fetch(`${api.url}/api/jobs/${jobId}/events`)).end()).at(-1)!.job;

describe("schedules against the emulator", () => {
  it("runs as a Dataverse person, never the application user, each run incremental from the last success", async () => {
    const input = {
      customApi: "sample_SyncRecordsToExternalSystem",
      parameters: {
        EntityName: "{entityName}",
        SyncMode: "Incremental",
        LastSyncDate: "{lastSuccess}",
        ExternalSystemUrl: emulator.erpUrl,
      },
      target: { entity: "account", id: null },
      cron: "0 3 * * *",
      timeZone: "Europe/Paris",
      runAs: { objectId: SERVER_APP_USER.objectId },
    };
    const refused = await call("POST", "/api/schedules", input);
    expect(refused.status).toBe(400);
    expect((refused.body.errors as { path: string }[]).map((e) => e.path)).toEqual(["runAs.objectId"]);

    const created = await call("POST", "/api/schedules", {
      ...input,
      runAs: { objectId: DEMO_USER.objectId },
    });
    expect(created.status).toBe(201);
    expect(created.body.runAs).toEqual({ objectId: DEMO_USER.objectId, name: DEMO_USER.fullName });
    const id = created.body.id as string;

    const first = await call("POST", `/api/schedules/${id}/run`);
    expect(first.body).toMatchObject({ outcome: "started", lastSuccess: null });
    const firstJob = await ended(first.body.jobId as string);
    expect(firstJob).toMatchObject({
      status: "succeeded",
      scheduleId: id,
      requestedBy: { objectId: DEMO_USER.objectId },
    });
    expect(firstJob.progress.synced).toBe(40);
    expect(firstJob.parameters.LastSyncDate).toBeUndefined();

    const second = await call("POST", `/api/schedules/${id}/run`);
    expect(second.body).toMatchObject({ outcome: "started", lastSuccess: firstJob.createdAt });
    const secondJob = await ended(second.body.jobId as string);
    expect(secondJob.parameters.LastSyncDate).toBe(firstJob.createdAt);
    expect(secondJob.status).toBe("succeeded");
    expect(secondJob.progress.synced).toBe(0);
  });
});
