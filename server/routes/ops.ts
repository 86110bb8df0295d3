import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import type { DataverseClient } from "../dataverse/client";
import type { Metrics } from "../metrics";
import { problems } from "../problem";
import type { Store } from "../store/store";

/** Liveness, readiness (store answers, a Dataverse token can be had) and Prometheus metrics. */
export function createOpsRoutes(d: { store: Store; dataverse: DataverseClient; metrics: Metrics }) {
  const app = new Hono<AppEnv>();
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const checks = await Promise.allSettled([d.store.ping(), d.dataverse.ping()]);
    const [store, dataverse] = checks.map((r) => (r.status === "fulfilled" ? "ok" : "failing"));
    if (store === "ok" && dataverse === "ok") return c.json({ status: "ready", store, dataverse });
    throw problems.notReady({ store, dataverse });
  });
  app.get("/metrics", async (c) =>
    c.body(await d.metrics.registry.metrics(), 200, { "Content-Type": d.metrics.registry.contentType }),
  );
  return app;
}
