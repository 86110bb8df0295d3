import { randomUUID } from "node:crypto";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { validationHook } from "../routes/validation-hook";
import { createScheduleActionRoutes } from "./action-routes";
import { scheduleRouteHelpers, type ScheduleRouteDeps } from "./route-helpers";
import type { ScheduleRow } from "./schedule";
import { toScheduleJson } from "./schedule-json";
import * as spec from "./schedule-specs";
import { validateSchedule, type ScheduleDraft } from "./validate-schedule";

const draftOf = (s: ScheduleRow): ScheduleDraft => ({
  customApi: s.customApi,
  parameters: s.parameters,
  target: { entity: s.targetEntity, id: s.targetId },
  cron: s.cron,
  timeZone: s.timeZone,
  runAs: { objectId: s.runAsOid ?? "" },
});

/** /api/schedules: create, list, read, change and delete (route-helpers.ts: who may). */
export function createScheduleRoutes(d: ScheduleRouteDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const newId = d.newId ?? randomUUID;
  const { adminOnly, load, save, nextAfterNow } = scheduleRouteHelpers(d);
  // The summary (in the action routes) is registered before /{id}, which would not take "summary".
  app.route("/", createScheduleActionRoutes(d));

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

  app.openapi(spec.updateScheduleRoute, async (c) => {
    const principal = c.get("principal");
    const s = await load(principal, c.req.valid("param").id);
    const patch = c.req.valid("json");
    const draft = { ...draftOf(s), ...patch };
    const person = await validateSchedule(draft, d);
    const cron = draft.cron.trim();
    // Recomputed from now only when the timetable changed: a due time the ticker has yet to claim
    // (nextRunAt <= now) would otherwise be dropped by a change to, say, the parameters alone.
    const retimed = cron !== s.cron || draft.timeZone !== s.timeZone;
    const changed: ScheduleRow = {
      ...s,
      customApi: draft.customApi,
      parameters: draft.parameters,
      targetEntity: draft.target.entity,
      targetId: draft.target.id,
      cron,
      timeZone: draft.timeZone,
      runAsOid: person.objectId,
      runAsName: person.name,
      nextRunAt: s.enabled && retimed ? nextAfterNow(draft) : s.nextRunAt,
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

  return app;
}
