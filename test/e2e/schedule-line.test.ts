import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserSkipReason } from "../support/browser";
import { checkState, openForm, startBrowserDemo } from "../support/form-page";

const skip = browserSkipReason();
if (skip) console.warn(skip);

/** A record a schedule syncs: the control's one line, in Chromium against the demo's API, axe-clean. */
describe.skipIf(skip !== undefined)("the schedule line in Chromium", () => {
  let env: Awaited<ReturnType<typeof startBrowserDemo>>;
  beforeAll(async () => {
    env = await startBrowserDemo({ accountCount: 30, timeScale: 0.01 });
  });
  afterAll(() => env?.close());

  const api = async (method: string, path: string, body?: unknown) =>
    (await (
      await fetch(`${env.demo.apiUrl}${path}`, {
        method,
        headers: { "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    ).json()) as Record<string, unknown>;

  it("shows when the record's next scheduled sync is due and how the last one ended", async () => {
    const { page, errors } = await openForm(env.browser, env.demo.formUrl);
    const recordId = await page.evaluate(
      () =>
        (window as unknown as { formHost: { state: { record: { entityId: string } } } }).formHost.state.record
          .entityId,
    );
    const schedule = await api("POST", "/api/schedules", {
      customApi: "sample_SyncRecordsToExternalSystem",
      parameters: {
        EntityName: "{entityName}",
        SyncMode: "Incremental",
        LastSyncDate: "{lastSuccess}",
        ExternalSystemUrl: env.demo.emulator.erpUrl,
      },
      target: { entity: "account", id: recordId.replace(/[{}]/g, "").toLowerCase() },
      cron: "0 2 * * *",
      timeZone: "Europe/Paris",
      runAs: { objectId: "2c4e6a8b-1d3f-4a5b-8c7d-0e1f2a3b4c5d" },
    });
    expect(schedule.nextRunAt).toEqual(expect.any(String));
    const run = await api("POST", `/api/schedules/${String(schedule.id)}/run`);
    const job = async () => api("GET", `/api/jobs/${String(run.jobId)}`);
    await expect.poll(async () => (await job()).status, { timeout: 60_000 }).toBe("succeeded");

    await page.reload();
    const line = page.getByTestId("bgsync-schedule");
    await line.waitFor();
    expect(await line.textContent()).toMatch(/^Next scheduled sync: .+\. Last scheduled sync: Succeeded$/);
    await checkState(page, "schedule-line");
    expect(errors).toEqual([]);
  });
});
