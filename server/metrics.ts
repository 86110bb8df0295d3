import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { CallOutcome } from "./dataverse/http";
import type { EventHub } from "./events/hub";
import { watchStoreSize } from "./metrics-store";
import type { Store } from "./store/store";

/** Prometheus metrics, on a registry of their own so several apps (tests) can live in one process. */
export function createMetrics() {
  const registry = new Registry();
  const dataverseCalls = new Counter({
    name: "bgsync_dataverse_requests_total",
    help: "Dataverse requests by method and outcome (ok, error, throttled, timeout, network, credentials).",
    labelNames: ["method", "outcome"] as const,
    registers: [registry],
  });
  const callbacks = new Counter({
    name: "bgsync_callbacks_total",
    help: "Operation callbacks by outcome (applied, unchanged, unknown, rejected).",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const jobsCreated = new Counter({
    name: "bgsync_jobs_created_total",
    help: "Jobs started.",
    registers: [registry],
  });

  const notifications = new Counter({
    name: "bgsync_notifications_total",
    help: "Notification delivery outcomes (delivered, retried, dead, gone).",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });

  const scheduleRuns = new Counter({
    name: "bgsync_schedule_runs_total",
    help: "What due schedules led to (started, skipped, failed).",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });

  const commits = new Histogram({
    name: "bgsync_store_commit_saves",
    help: "Saves per store transaction (group commit: concurrent writes share one fsync).",
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [registry],
  });

  return {
    registry,
    observeCommit: (saves: number) => commits.observe(saves),
    callbacks,
    jobsCreated,
    observeNotification: (outcome: string) => notifications.inc({ outcome }),
    observeScheduleRun: (outcome: string) => scheduleRuns.inc({ outcome }),
    observeDataverseCall: (method: string, outcome: CallOutcome) => dataverseCalls.inc({ method, outcome }),
    /** Gauges read live state when scraped. */
    watch(store: Store, hub: EventHub) {
      new Gauge({
        name: "bgsync_jobs",
        help: "Jobs by status.",
        labelNames: ["status"] as const,
        registers: [registry],
        async collect() {
          this.reset();
          for (const [status, n] of Object.entries(await store.countJobsByStatus()))
            this.set({ status }, n ?? 0);
        },
      });
      new Gauge({
        name: "bgsync_notifications",
        help: "Notifications in the outbox by status (pending, sending, delivered, gone, dead).",
        labelNames: ["status"] as const,
        registers: [registry],
        async collect() {
          this.reset();
          for (const [status, n] of Object.entries(await store.countNotificationsByStatus()))
            this.set({ status }, n ?? 0);
        },
      });
      new Gauge({
        name: "bgsync_sse_viewers",
        help: "Open SSE connections.",
        registers: [registry],
        collect() {
          this.set(hub.viewerCount());
        },
      });
      watchStoreSize(registry, store);
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
