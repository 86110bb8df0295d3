import { z } from "@hono/zod-openapi";
import type { ScheduleRow, ScheduleRunRow } from "./schedule";

/** Schedules as the API shows and takes them (zod: validates requests and documents them). */

const iso = z.string().openapi({ format: "date-time" });
const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const fields = {
  customApi: z.string().regex(/^[A-Za-z][\w]{0,127}$/, "a Custom API unique name"),
  parameters: z.record(z.string(), z.unknown()).openapi({
    description:
      "The Custom API's inputs; string values may hold {entityName}, {recordId}, {now} and {lastSuccess} " +
      "(the start of the schedule's last succeeded run; omitted when there is none). {column:x} is refused.",
  }),
  target: z.strictObject({
    entity: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "a table logical name"),
    id: z.guid().nullable().default(null).openapi({ description: "A record, or null for the whole table" }),
  }),
  cron: z.string().min(1).max(100).openapi({
    description: "Five fields: minute hour day-of-month month day-of-week, read in timeZone",
    example: "0 2 * * *",
  }),
  timeZone: z.string().min(1).max(64).openapi({ description: "IANA time zone", example: "Europe/Paris" }),
  runAs: z.strictObject({
    objectId: z.guid().openapi({ description: "Entra object id of an enabled Dataverse user (a person)" }),
  }),
  enabled: z.boolean(),
};

export const ScheduleInputSchema = z
  .strictObject({
    ...fields,
    parameters: fields.parameters.default({}),
    enabled: fields.enabled.default(true),
  })
  .openapi("ScheduleInput");

export const SchedulePatchSchema = z
  .strictObject({
    customApi: fields.customApi.optional(),
    parameters: fields.parameters.optional(),
    target: fields.target.optional(),
    cron: fields.cron.optional(),
    timeZone: fields.timeZone.optional(),
    runAs: fields.runAs.optional(),
  })
  .openapi("SchedulePatch");

export type ScheduleInput = z.output<typeof ScheduleInputSchema>;

export const ScheduleSchema = z
  .object({
    id: z.uuid(),
    customApi: z.string(),
    parameters: z.record(z.string(), z.unknown()),
    target: z.object({ entity: z.string(), id: z.string().nullable() }),
    cron: z.string(),
    timeZone: z.string(),
    runAs: z.object({
      objectId: z.string().nullable().openapi({ description: "null once the person was erased" }),
      name: z.string(),
    }),
    enabled: z.boolean(),
    nextRunAt: iso.nullable(),
    createdAt: iso,
    updatedAt: iso,
    links: z.object({ self: z.string(), runs: z.string() }),
  })
  .openapi("Schedule");

export const ScheduleRunSchema = z
  .object({
    id: z.uuid(),
    scheduleId: z.uuid(),
    dueAt: iso.nullable().openapi({ description: "The due time; null for a run now" }),
    at: iso,
    outcome: z.enum(["started", "skipped", "failed"]),
    jobId: z.string().nullable().openapi({
      description: "The job started; for a skip, the active job that kept it from starting",
    }),
    lastSuccess: iso.nullable().openapi({
      description: "What {lastSuccess} expanded to; null: no run had succeeded yet (a full sync)",
    }),
    reason: z.string().nullable(),
  })
  .openapi("ScheduleRun");

export const ScheduleSummarySchema = z
  .object({
    schedules: z.number().int().openapi({ description: "Schedules of this record or its table" }),
    nextRunAt: iso.nullable(),
    lastRun: z
      .object({ jobId: z.string(), status: z.string(), createdAt: iso, endedAt: iso.nullable() })
      .nullable(),
  })
  .openapi("ScheduleSummary");

export function toScheduleJson(s: ScheduleRow): z.infer<typeof ScheduleSchema> {
  const self = `/api/schedules/${s.id}`;
  return {
    id: s.id,
    customApi: s.customApi,
    parameters: s.parameters,
    target: { entity: s.targetEntity, id: s.targetId },
    cron: s.cron,
    timeZone: s.timeZone,
    runAs: { objectId: s.runAsOid, name: s.runAsName },
    enabled: s.enabled,
    nextRunAt: isoOrNull(s.nextRunAt),
    createdAt: new Date(s.createdAt).toISOString(),
    updatedAt: new Date(s.updatedAt).toISOString(),
    links: { self, runs: `${self}/runs` },
  };
}

export function toRunJson(r: ScheduleRunRow): z.infer<typeof ScheduleRunSchema> {
  return {
    id: r.id,
    scheduleId: r.scheduleId,
    dueAt: isoOrNull(r.dueAt),
    at: new Date(r.at).toISOString(),
    outcome: r.outcome,
    jobId: r.jobId,
    lastSuccess: isoOrNull(r.lastSuccess),
    reason: r.reason,
  };
}
