import { randomUUID } from "node:crypto";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { requireAdmin, type Principal } from "../auth/principal";
import type { Clock } from "../clock";
import type { Logger } from "../logger";
import { problems } from "../problem";
import { validationHook } from "../routes/validation-hook";
import type { Store } from "../store/store";
import { nextRunAfter } from "./cron";
import type { RunSchedule } from "./run-schedule";
import type { ScheduleRow } from "./schedule";
import { toRunJson, toScheduleJson } from "./schedule-json";
import * as spec from "./schedule-specs";
import { scheduleSummary } from "./summary";
import { validateSchedule, type ScheduleDraft, type ValidateDeps } from "./validate-schedule";

/**
 * /api/schedules. A schedule acts in Dataverse as the person it names, on every run, unattended:
 * only callers with the admin app role (ADMIN_ROLE in the token's `roles` claim) may see or change
 * schedules; the summary a form shows is open to whoever may read the record.
 */

export interface ScheduleRouteDeps extends ValidateDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  adminRole: string;
  runSchedule: RunSchedule;
  newId?: () => string;
}

const draftOf = (s: ScheduleRow): ScheduleDraft => ({
  customApi: s.customApi,
  parameters: s.parameters,
  target: { entity: s.targetEntity, id: s.targetId },
  cron: s.cron,
  timeZone: s.timeZone,
  runAs: { objectId: s.runAsOid ?? "" },
});

export function createScheduleRoutes(d: ScheduleRouteDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const newId = d.newId ?? randomUUID;
  const adminOnly = (p: Principal) => requireAdmin(p, d.adminRole, "manage schedules");
  const nextAfterNow = (s: Pick<ScheduleRow, "cron" | "timeZone">) =>
    nextRunAfter(s.cron, s.timeZone, d.clock.now());

  async function load(principal: Principal, id: string) {
    adminOnly(principal);
    const s = await d.store.getSchedule(id);
    if (!s) throw problems.notFound("No such schedule.");
    return s;
  }
  async function save(s: ScheduleRow, by: Principal, action: string) {
    const next = { ...s, updatedAt: d.clock.now() };
    if (!(await d.store.updateSchedule(next, s.version)))
      throw problems.conflict("The schedule changed meanwhile; read it again.");
    d.logger.info({ scheduleId: s.id, by: by.objectId, action }, "schedule changed");
    return toScheduleJson({ ...next, version: s.version + 1 });
  }

  app.openapi(spec.scheduleSummaryRoute, async (c) => {
    const { entity, id } = c.req.valid("query");
    if (!(await d.access.mayTarget(c.get("principal"), entity, id)))
      throw problems.forbidden("Dataverse does not let you read the record.");
    return c.json(await scheduleSummary(d.store, entity, id), 200);
  });

  app.openapi(spec.createScheduleRoute, async (c) => {
    const principal = c.get("principal");
    adminOnly(principal);
    const input = c.req.valid("json");
    const person = await validateSchedule(input, d);
    const now = d.clock.now();
    const s: ScheduleRow = {
      id: newId(),
      customApi: input.customApi,
      parameters: input.parameters,
      targetEntity: input.target.entity,
      targetId: input.target.id,
      cron: input.cron.trim(),
      timeZone: input.timeZone,
      runAsOid: person.objectId,
      runAsName: person.name,
      enabled: input.enabled,
      nextRunAt: input.enabled ? nextAfterNow(input) : null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await d.store.createSchedule(s);
    d.logger.info({ scheduleId: s.id, by: principal.objectId }, "schedule created");
    c.header("Location", `/api/schedules/${s.id}`);
    return c.json(toScheduleJson(s), 201);
  });

  app.openapi(spec.listSchedulesRoute, async (c) => {
    adminOnly(c.get("principal"));
    const { entity, limit } = c.req.valid("query");
    const items = await d.store.listSchedules({ targetEntity: entity, limit });
    return c.json({ items: items.map(toScheduleJson) }, 200);
  });

  app.openapi(spec.getScheduleRoute, async (c) =>
    c.json(toScheduleJson(await load(c.get("principal"), c.req.valid("param").id)), 200),
  );

  app.openapi(spec.listScheduleRunsRoute, async (c) => {
    const s = await load(c.get("principal"), c.req.valid("param").id);
    const runs = await d.store.listScheduleRuns(s.id, c.req.valid("query").limit);
    return c.json({ items: runs.map(toRunJson) }, 200);
  });

  app.openapi(spec.updateScheduleRoute, async (c) => {
    const principal = c.get("principal");
    const s = await load(principal, c.req.valid("param").id);
    const patch = c.req.valid("json");
    const draft = { ...draftOf(s), ...patch };
    const person = await validateSchedule(draft, d);
    const changed: ScheduleRow = {
      ...s,
      customApi: draft.customApi,
      parameters: draft.parameters,
      targetEntity: draft.target.entity,
      targetId: draft.target.id,
      cron: draft.cron.trim(),
      timeZone: draft.timeZone,
      runAsOid: person.objectId,
      runAsName: person.name,
      nextRunAt: s.enabled ? nextAfterNow(draft) : null,
    };
    return c.json(await save(changed, principal, "update"), 200);
  });

  app.openapi(spec.deleteScheduleRoute, async (c) => {
    const principal = c.get("principal");
    const s = await load(principal, c.req.valid("param").id);
    await d.store.deleteSchedule(s.id);
    d.logger.info({ scheduleId: s.id, by: principal.objectId }, "schedule deleted");
    return c.body(null, 204);
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
    return c.json(await save({ ...s, enabled: true, nextRunAt: nextAfterNow(s) }, principal, "resume"), 200);
  });

  app.openapi(spec.runScheduleNowRoute, async (c) => {
    const principal = c.get("principal");
    const s = await load(principal, c.req.valid("param").id);
    d.logger.info({ scheduleId: s.id, by: principal.objectId }, "schedule run requested");
    return c.json(toRunJson(await d.runSchedule(s, null)), 202);
  });

  return app;
}
