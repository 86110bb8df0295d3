import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import type { JobAccess } from "../auth/job-access";
import type { Principal } from "../auth/principal";
import type { JobCommands } from "../jobs/commands";
import type { CustomApiCatalog } from "../jobs/custom-api-catalog";
import { retryRefusal } from "../jobs/failed-records";
import { toJobJson } from "../jobs/job-json";
import type { Metrics } from "../metrics";
import { problems } from "../problem";
import type { Store } from "../store/store";
import { listFailuresRoute, retryFailuresRoute } from "./failure-specs";
import type { RateLimit } from "./rate-limit";
import { validationHook } from "./validation-hook";

/**
 * A job's failed records, and "retry failed records": a new job with the same Custom API,
 * parameters and record, plus `RecordIds` naming exactly the records that failed. Reading the list
 * takes what reading the job takes; a retry, what a start takes.
 */
export function createFailureRoutes(d: {
  store: Store;
  commands: JobCommands;
  catalog: CustomApiCatalog;
  access: JobAccess;
  rateLimit: RateLimit;
  metrics: Metrics;
}) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  async function visibleJob(principal: Principal, id: string) {
    const job = await d.store.getJob(id);
    if (!job || !(await d.access.canView(principal, job))) throw problems.notFound();
    return job;
  }

  app.openapi(listFailuresRoute, async (c) => {
    const job = await visibleJob(c.get("principal"), c.req.valid("param").id);
    const rows = await d.store.listFailures(job.id);
    return c.json(
      {
        items: rows.map((r) => ({ id: r.recordId, name: r.name, reason: r.reason })),
        failed: job.failed,
        dropped: job.failuresDropped,
        retryable: retryRefusal(job) === null,
      },
      200,
    );
  });

  app.openapi(retryFailuresRoute, async (c) => {
    const principal = c.get("principal");
    const job = await visibleJob(principal, c.req.valid("param").id);
    const refusal = retryRefusal(job);
    if (refusal) throw problems.retryNotPossible(refusal);
    const def = await d.catalog.get(job.customApi);
    if (!def?.requestParameters.some((p) => p.uniquename === "RecordIds"))
      throw problems.retryNotPossible(
        `The Custom API ${job.customApi} has no RecordIds input, so it cannot run only the failed records; run the whole sync again.`,
      );
    const limited = await d.rateLimit(principal.objectId);
    if (!limited.ok) throw problems.tooManyRequests(limited.retryAfterSeconds);
    if (!(await d.access.mayTarget(principal, job.targetEntity, job.targetId)))
      throw problems.forbidden("Dataverse does not let you read the target record.");
    const ids = [...new Set((await d.store.listFailures(job.id)).map((r) => r.recordId))];
    const { job: retry, created } = await d.commands.create(
      principal,
      {
        customApi: job.customApi,
        parameters: { ...job.parameters, RecordIds: ids },
        target: { entity: job.targetEntity, id: job.targetId },
        notifyUrl: job.notifyUrl ?? undefined,
      },
      c.req.valid("header")["idempotency-key"] ?? null,
    );
    if (created) d.metrics.jobsCreated.inc();
    c.header("Location", `/api/jobs/${retry.id}`);
    return c.json(toJobJson(retry, await d.store.listOperations(retry.id)), 202);
  });

  return app;
}
