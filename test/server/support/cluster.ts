import { createApp } from "../../../server/app";
import type { Clock } from "../../../server/clock";
import type { Config } from "../../../server/config";
import { coordinationFor } from "../../../server/coordination/pg-coordination";
import { createDataverseFromConfig } from "../../../server/dataverse/create";
import type { Job } from "../../../server/jobs/job-json";
import { createReconciler } from "../../../server/jobs/reconciler";
import { createLogger } from "../../../server/logger";
import { createMetrics } from "../../../server/metrics";
import { createServices } from "../../../server/services";
import { openPgStore } from "../../../server/store/pg-store";
import { sql } from "./pg";
import { frames, sseReader } from "./sse";

/**
 * One API instance on PostgreSQL, wired as startServer does but without listening or timers: the
 * test drives its reconciler (`tick`) and calls its app in process, on a clock it moves.
 */
export async function pgInstance(config: Config, clock: Clock) {
  const store = await openPgStore(config.storeUrl);
  const logger = createLogger("silent");
  const metrics = createMetrics();
  const coordination = coordinationFor(store, {
    leaseMs: config.reconciler.pollFloorSeconds * 1000,
    lockPoolSize: 4,
    logger,
  });
  const dataverse = createDataverseFromConfig(config);
  const deps = { config, store, dataverse, clock, logger, metrics, coordination };
  const services = createServices(deps);
  const app = createApp({ ...deps, services });
  const reconciler = createReconciler({
    store,
    engine: services.engine,
    clock,
    logger,
    tickMs: 60_000,
    claimDue: coordination.claimDue,
  });
  return {
    app,
    reconciler,
    store,
    post: async (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
      app.request(path, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...headers },
        body: JSON.stringify(body),
      }),
    async close() {
      await coordination.close();
      await store.close();
    },
  };
}

/** Opens a viewer of `job` on an API from its first event (Last-Event-ID: 0). */
export async function watchFromStart(apiUrl: string, job: Job) {
  const res = await fetch(`${apiUrl}${job.links.events}`, { headers: { "Last-Event-ID": "0" } });
  return sseReader(res);
}

/** The sequence numbers of a job's stored events, in order: what every viewer must receive. */
export async function storedSeqs(schema: string, jobId: string): Promise<number[]> {
  const rows = await sql<{ seq: number }>(
    `SELECT seq::int AS seq FROM ${schema}.events WHERE job_id = $1 ORDER BY seq`,
    [jobId],
  );
  return rows.map((r) => r.seq);
}

export const seqsOf = (text: string) => frames(text).map((f) => f.id);
export const lastJob = (text: string) => frames(text).at(-1)!.job;
