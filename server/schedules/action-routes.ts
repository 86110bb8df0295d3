import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { problems } from "../problem";
import { validationHook } from "../routes/validation-hook";
import { scheduleRouteHelpers, type ScheduleRouteDeps } from "./route-helpers";
import { toRunJson } from "./schedule-json";
import * as spec from "./schedule-specs";
import { scheduleSummary } from "./summary";

/** /api/schedules: pause, resume, run now, the run records, and the summary a form shows. */
export function createScheduleActionRoutes(d: ScheduleRouteDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const { load, save, nextAfterNow } = scheduleRouteHelpers(d);

  app.openapi(spec.scheduleSummaryRoute, async (c) => {
    const { entity, id } = c.req.valid("query");
    if (!(await d.access.mayTarget(c.get("principal"), entity, id)))
      throw problems.forbidden("Dataverse does not let you read the record.");
    return c.json(await scheduleSummary(d.store, entity, id), 200);
  });

  app.openapi(spec.listScheduleRunsRoute, async (c) => {
    const s = await load(c.get("principal"), c.req.valid("param").id);
    const runs = await d.store.listScheduleRuns(s.id, c.req.valid("query").limit);
    return c.json({ items: runs.map(toRunJson) }, 200);
  });

  app.openapi(spec.pauseScheduleRoute, async (c) => {
    const principal = c.get("principal");
    const s = await load(principal, c.req.valid("param").id);
    return c.json(await save({ ...s, enabled: false, nextRunAt: null }, principal, "pause"), 200);
  });

  app.openapi(spec.resumeScheduleRoute, async (c) => {
    const principal = c.get("principal");
    const s = await load(principal, c.req.valid("param").id);
    if (!s.runAsOid)
      throw problems.conflict("The schedule has no run-as user (erased); give it one with PATCH first.");
    // A paused schedule's missed runs are not made up: it resumes at the next slot after now. An
    // enabled one keeps its due time, which may have come and be waiting for the ticker.
    const nextRunAt = s.enabled ? s.nextRunAt : nextAfterNow(s);
    return c.json(await save({ ...s, enabled: true, nextRunAt }, principal, "resume"), 200);
  });

  app.openapi(spec.runScheduleNowRoute, async (c) => {
    const principal = c.get("principal");
    const s = await load(principal, c.req.valid("param").id);
    d.logger.info({ scheduleId: s.id, by: principal.objectId }, "schedule run requested");
    return c.json(toRunJson(await d.runSchedule(s, null)), 202);
  });

  return app;
}
