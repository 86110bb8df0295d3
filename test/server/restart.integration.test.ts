import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/index";
import { startServer } from "../../server/start";
import { emulatorAdmin, postSyncJob } from "./support/emulator";
import { testConfig } from "./support/harness";
import { frames, sseReader } from "./support/sse";

/**
 * An API stopped mid-job and started again on the same database finishes the job: the callbacks
 * Dataverse sends meanwhile go nowhere, and the reconciler picks the operations up from the store.
 */

let emulator: RunningEmulator;
let dir: string;
beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    accountCount: 600,
    plugin: { msPerRecord: 2, timeBudgetMs: 200 },
  });
  dir = mkdtempSync(join(tmpdir(), "bgsync-restart-"));
});
afterAll(async () => {
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

it("finishes a job after the API restarts mid-chain", async () => {
  const config = testConfig({
    DATAVERSE_URL: emulator.url,
    ALLOWED_URL_ORIGINS: emulator.url,
    STORE_URL: `sqlite:${join(dir, "bgsync.db")}`,
    RECONCILE_AFTER_SECONDS: "1",
    RECONCILE_POLL_FLOOR_SECONDS: "1",
    RECONCILE_TICK_MS: "100",
  });
  const first = await startServer(config);
  const { job } = await postSyncJob(first.url, emulator);
  const watching = sseReader(await fetch(`${first.url}${job.links.events}`));
  await watching.until((t) => frames(t).some((f) => f.job.progress.batches >= 1));
  await first.close();
  // Shutting down ends every SSE stream (viewers reconnect elsewhere); the job was not done yet.
  expect(frames(await watching.end()).at(-1)?.job.status).not.toBe("succeeded");

  const second = await startServer(config);
  try {
    const rest = frames(await sseReader(await fetch(`${second.url}${job.links.events}`)).end());
    const last = rest.at(-1)!.job;
    expect(last.status).toBe("succeeded");
    expect(last.progress.synced).toBe(600);
    expect((await emulatorAdmin(emulator).erp()).uniqueCount).toBe(600);
  } finally {
    await second.close();
  }
});
