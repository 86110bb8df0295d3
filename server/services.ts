import { customApis } from "../contracts/custom-apis";
import { createJobAccess } from "./auth/job-access";
import { createCallbackSigner } from "./callbacks/signing";
import { createDataverseBudget } from "./dataverse/user-budget";
import type { Clock } from "./clock";
import type { Config } from "./config";
import { createMemoryCoordination, type Coordination } from "./coordination/coordination";
import type { DataverseClient } from "./dataverse/client";
import { createEventHub } from "./events/hub";
import { createJobCommands } from "./jobs/commands";
import { createCustomApiCatalog } from "./jobs/custom-api-catalog";
import { createEngine } from "./jobs/engine";
import { createJobWriter } from "./jobs/job-writer";
import type { Logger } from "./logger";
import type { Metrics } from "./metrics";
import { createNotificationPlanner } from "./notify/plan";
import { createScheduleRunner } from "./schedules/run-schedule";
import { createProgressBuffer } from "./progress/progress-buffer";
import { createProgressWriter } from "./progress/progress-writer";
import type { Store } from "./store/store";

/** Posts one operation's progress URL takes per second (twice that in a burst) before 429. */
const PROGRESS_POSTS_PER_SECOND = 10;

/** Wires the job machinery once; both the HTTP app and the reconciler use the same instances. */

export interface ServiceDeps {
  config: Config;
  store: Store;
  dataverse: DataverseClient;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  /** What instances share (coordination/); this process's memory when absent. */
  coordination?: Coordination;
}

export function createServices(deps: ServiceDeps) {
  const { config } = deps;
  const budget = createDataverseBudget({
    perMinute: config.jobs.dataverseBudgetPerMinute,
    clock: deps.clock,
  });
  const d = { ...deps, dataverse: budget.meter(deps.dataverse) };
  const coordination = deps.coordination ?? createMemoryCoordination(deps.store);
  const hub = coordination.shareHub(createEventHub({ heartbeatMs: config.sseHeartbeatSeconds * 1000 }));
  const plan = createNotificationPlanner({
    receivers: config.notify.receivers,
    publicBaseUrl: config.publicBaseUrl,
  });
  // The deliverer starts after the services (start.ts) and subscribes here to hear of new rows.
  const outboxListeners = new Set<() => void>();
  const writer = createJobWriter(d.store, hub, {
    plan: (job) => plan(job, d.clock.now()),
    saved: () => outboxListeners.forEach((listener) => listener()),
  });
  const signer = createCallbackSigner({
    keys: config.callbacks.keys,
    ttlSeconds: config.callbacks.ttlSeconds,
    publicBaseUrl: config.publicBaseUrl,
    clock: d.clock,
  });
  const engine = createEngine({
    ...d,
    signer,
    writer,
    timings: config.reconciler,
    withLock: coordination.withLock,
    overlapHandOff: !coordination.shared,
    floor: coordination.pollFloor({ clock: d.clock, floorMs: config.reconciler.pollFloorSeconds * 1000 }),
  });
  const catalog = createCustomApiCatalog({
    dataverse: d.dataverse,
    fallback: customApis,
    ttlMs: config.dataverse.customApiCacheSeconds * 1000,
    clock: d.clock,
    logger: d.logger,
  });
  const commands = createJobCommands({
    ...d,
    engine,
    writer,
    catalog,
    allowedCustomApis: config.allowedCustomApis,
    allowedUrlOrigins: config.allowedUrlOrigins,
    timings: config.reconciler,
    notifyUrlOrigins: config.notify.urlOrigins,
    allowConcurrentJobs: config.jobs.allowConcurrent,
  });
  const access = createJobAccess({
    dataverse: d.dataverse,
    visibility: config.jobs.visibility,
    cacheTtlMs: config.dataverse.recordAccessCacheSeconds * 1000,
    clock: d.clock,
  });
  const runSchedule = createScheduleRunner({
    ...d,
    commands,
    access,
    withLock: coordination.withLock,
    onRun: d.metrics.observeScheduleRun,
  });
  const progress = createProgressBuffer({
    clock: d.clock,
    logger: d.logger,
    intervalMs: config.progressIntervalMs,
    perSecond: PROGRESS_POSTS_PER_SECOND,
    write: createProgressWriter({ store: d.store, writer, withLock: engine.withLock }),
  });
  d.metrics.watch(d.store, hub);
  const onNotificationsSaved = (listener: () => void) => void outboxListeners.add(listener);
  return {
    hub,
    writer,
    signer,
    engine,
    catalog,
    commands,
    access,
    runSchedule,
    onNotificationsSaved,
    budget,
    coordination,
    progress,
  };
}

export type Services = ReturnType<typeof createServices>;
