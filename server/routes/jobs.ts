import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import type { JobAccess } from "../auth/job-access";
import type { Principal } from "../auth/principal";
import type { JobCommands } from "../jobs/commands";
import { toJobJson } from "../jobs/job-json";
import type { Metrics } from "../metrics";
import { problems } from "../problem";
import type { JobRow, Store } from "../store/store";
import type { RateLimit } from "./rate-limit";
import { cancelJobRoute, createJobRoute, getJobRoute, listJobsRoute, resumeJobRoute } from "./job-specs";
import { validationHook } from "./validation-hook";

export interface JobRouteDeps {
  store: Store;
  commands: JobCommands;
  access: JobAccess;
  rateLimit: RateLimit;
  metrics: Metrics;
}

const encodeCursor = (job: JobRow) =>
  Buffer.from(JSON.stringify([job.createdAt, job.id])).toString("base64url");
function decodeCursor(cursor: string): { createdAt: number; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString()) as unknown[];
    if (typeof createdAt === "number" && typeof id === "string") return { createdAt, id };
  } catch {
    // reported below
  }
  throw problems.badRequest("The cursor is not valid.", [
    { path: "cursor", message: "not a cursor from this API" },
  ]);
}

export function createJobRoutes(d: JobRouteDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const view = async (job: JobRow) => toJobJson(job, await d.store.listOperations(job.id));

  /** Loads a job the principal may see; a job they may not see does not exist for them. */
  async function visibleJob(principal: Principal, id: string) {
    const job = await d.store.getJob(id);
    if (!job || !(await d.access.canView(principal, job))) throw problems.notFound();
    return job;
  }
  async function controllableJob(principal: Principal, id: string) {
    const job = await visibleJob(principal, id);
    if (!d.access.canControl(principal, job))
      throw problems.forbidden("Only the person who started the job may do this.");
    return job;
  }

  app.openapi(createJobRoute, async (c) => {
    const principal = c.get("principal");
    const limited = await d.rateLimit(principal.objectId);
    if (!limited.ok) throw problems.tooManyRequests(limited.retryAfterSeconds);
    const input = c.req.valid("json");
    if (!(await d.access.mayTarget(principal, input.target.entity, input.target.id)))
      throw problems.forbidden("Dataverse does not let you read the target record.");
    const { job, created } = await d.commands.create(
      principal,
      input,
      c.req.valid("header")["idempotency-key"] ?? null,
    );
    if (created) d.metrics.jobsCreated.inc();
    c.header("Location", `/api/jobs/${job.id}`);
    return c.json(await view(job), 202);
  });

  app.openapi(getJobRoute, async (c) => {
    const job = await visibleJob(c.get("principal"), c.req.valid("param").id);
    return c.json(await view(job), 200);
  });

  app.openapi(listJobsRoute, async (c) => {
    const principal = c.get("principal");
    const q = c.req.valid("query");
    if ((q.entity === undefined) !== (q.id === undefined))
      throw problems.badRequest("Give both entity and id, or neither.", [
        { path: q.entity ? "id" : "entity", message: "is required with the other" },
      ]);
    const record = q.entity !== undefined && q.id !== undefined;
    const everyone = record && (await d.access.canReadRecord(principal, q.entity!, q.id!));
    const rows = await d.store.listJobs({
      targetEntity: q.entity,
      targetId: q.id,
      requestedByOid: everyone ? undefined : principal.objectId,
      limit: q.limit + 1,
      before: q.cursor ? decodeCursor(q.cursor) : undefined,
    });
    const page = rows.slice(0, q.limit);
    const items = await Promise.all(page.map(view));
    const last = page.at(-1);
    return c.json(rows.length > q.limit && last ? { items, nextCursor: encodeCursor(last) } : { items }, 200);
  });

  app.openapi(cancelJobRoute, async (c) => {
    const job = await controllableJob(c.get("principal"), c.req.valid("param").id);
    return c.json(await view(await d.commands.cancel(job.id)), 202);
  });

  app.openapi(resumeJobRoute, async (c) => {
    const principal = c.get("principal");
    const job = await controllableJob(principal, c.req.valid("param").id);
    // As for a start: the caller must still be able to read the target record.
    if (!(await d.access.mayTarget(principal, job.targetEntity, job.targetId)))
      throw problems.forbidden("Dataverse does not let you read the target record.");
    return c.json(await view(await d.commands.resume(job.id)), 202);
  });

  return app;
}
