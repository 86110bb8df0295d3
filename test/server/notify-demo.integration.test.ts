import { afterAll, beforeAll, expect, it } from "vitest";
import type { FlowRun } from "../../emulator/flow/flow-trigger";
import { startDemo, type RunningDemo } from "../../scripts/demo";
import { postSyncJob } from "./support/emulator";

/**
 * The original pattern on one machine, wired as `npm start` wires it: a job runs as background
 * operations, Dataverse calls the API back, and the flow's HTTP trigger hears the signed summary.
 */

let demo: RunningDemo;
beforeAll(async () => {
  demo = await startDemo({
    emulatorPort: 0,
    apiPort: 0,
    storeUrl: "sqlite::memory:",
    emulator: { accountCount: 40, plugin: { msPerRecord: 1, timeBudgetMs: 1000 } },
    // No outbox tick during the test: the delivery must come from the writer waking the deliverer.
    env: { LOG_LEVEL: "silent", NOTIFY_TICK_MS: "3600000" },
  });
});
afterAll(() => demo?.close());

const flowRuns = async () =>
  ((await (await fetch(`${demo.emulator.url}/_emulator/flows/runs`)).json()) as { value: FlowRun[] }).value;

it("runs the demo flow with the finished job's summary, signed so the trigger can check it", async () => {
  const { status, job } = await postSyncJob(demo.apiUrl, demo.emulator);
  expect(status).toBe(202);
  let runs: FlowRun[] = [];
  while (!(runs = await flowRuns()).length) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(runs).toHaveLength(1);
  expect(runs[0]).toMatchObject({
    flow: "sync-finished",
    signatureValid: true,
    body: {
      type: "job.completed",
      data: {
        jobId: job.id,
        status: "succeeded",
        synced: 40,
        failed: 0,
        requestedBy: { name: "Alex Wilber" },
      },
    },
  });
  const outbox = (await (await fetch(`${demo.apiUrl}/api/notifications?jobId=${job.id}`)).json()) as {
    items: { id: string; receiver: string; status: string; url: string }[];
  };
  expect(outbox.items).toEqual([
    expect.objectContaining({ id: runs[0]!.webhookId, receiver: "demo-flow", status: "delivered" }),
  ]);
  expect(outbox.items[0]!.url).toContain("sig=redacted");
});

it("refuses a trigger call without the flow's sig, as Power Automate does", async () => {
  const res = await fetch(demo.emulator.flowTriggerUrl.replace(/sig=[^&]+/, "sig=wrong"), {
    method: "POST",
    body: "{}",
  });
  expect(res.status).toBe(401);
});
