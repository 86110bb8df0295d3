import { createRoute, z } from "@hono/zod-openapi";
import { problemDoc as problem } from "../problem-json";
import { IdParam } from "../routes/id-param";
import {
  ScheduleInputSchema,
  SchedulePatchSchema,
  ScheduleRunSchema,
  ScheduleSchema,
  ScheduleSummarySchema,
} from "./schedule-json";

/** OpenAPI route definitions for /api/schedules. Every route but the summary needs the admin role. */

const security = [{ bearer: [] }];
const ADMIN = " Needs the admin app role (ADMIN_ROLE).";
const json = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { "application/json": { schema } },
});
const schedule = (description: string) => json(description, ScheduleSchema);
const common = {
  400: problem("The id is not a UUID, or a query value is out of range"),
  401: problem("Not authenticated"),
  403: problem("The caller lacks the admin role"),
  404: problem("No such schedule"),
};
const checked = {
  400: problem(
    "Invalid schedule: `errors` names each field (cron, timeZone, customApi, parameters.*, runAs.objectId, target.id)",
  ),
  502: problem("Dataverse refused or failed"),
  504: problem("Dataverse timed out"),
};

export const createScheduleRoute = createRoute({
  method: "post",
  path: "/api/schedules",
  security,
  description: "Creates a schedule; its first run is at the cron's next due time." + ADMIN,
  request: { body: { required: true, content: { "application/json": { schema: ScheduleInputSchema } } } },
  responses: { 201: schedule("The schedule"), ...checked, 401: common[401], 403: common[403] },
});

export const listSchedulesRoute = createRoute({
  method: "get",
  path: "/api/schedules",
  security,
  description: "Every schedule, oldest first, or those of one table." + ADMIN,
  request: {
    query: z.object({
      entity: z
        .string()
        .regex(/^[a-z][a-z0-9_]{0,63}$/)
        .optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
  },
  responses: {
    200: json("Schedules", z.object({ items: z.array(ScheduleSchema) }).openapi("SchedulePage")),
    400: problem("Invalid query"),
    401: common[401],
    403: common[403],
  },
});

export const scheduleSummaryRoute = createRoute({
  method: "get",
  path: "/api/schedules/summary",
  security,
  description:
    "For a form: when the next scheduled run of this record (or of its whole table) is due, and how the " +
    "last one ended. Anyone whom Dataverse lets read the record may ask.",
  request: { query: z.object({ entity: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/), id: z.guid() }) },
  responses: {
    200: json("The summary", ScheduleSummarySchema),
    400: problem("Invalid query"),
    401: common[401],
    403: problem("Dataverse does not let the caller read the record"),
  },
});

export const getScheduleRoute = createRoute({
  method: "get",
  path: "/api/schedules/{id}",
  security,
  description: "One schedule." + ADMIN,
  request: { params: IdParam },
  responses: { 200: schedule("The schedule"), ...common },
});

export const listScheduleRunsRoute = createRoute({
  method: "get",
  path: "/api/schedules/{id}/runs",
  security,
  description:
    "What each due time led to (started, skipped, failed to start), newest first; the last 100 are kept." +
    ADMIN,
  request: {
    params: IdParam,
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
  },
  responses: {
    200: json("Runs", z.object({ items: z.array(ScheduleRunSchema) }).openapi("ScheduleRunPage")),
    ...common,
  },
});

export const updateScheduleRoute = createRoute({
  method: "patch",
  path: "/api/schedules/{id}",
  security,
  description:
    "Changes some fields; the whole schedule is checked again. Its next due time is recomputed from now " +
    "only when the cron or the time zone changes; otherwise a due run still waiting for the ticker stays due." +
    ADMIN,
  request: {
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: SchedulePatchSchema } } },
  },
  responses: {
    200: schedule("The changed schedule"),
    ...common,
    ...checked,
    409: problem("Changed meanwhile; read it again"),
  },
});

export const deleteScheduleRoute = createRoute({
  method: "delete",
  path: "/api/schedules/{id}",
  security,
  description: "Removes the schedule and its run records; its jobs stay in the history." + ADMIN,
  request: { params: IdParam },
  responses: { 204: { description: "Removed" }, ...common },
});

const toggle = (name: "pause" | "resume", description: string) =>
  createRoute({
    method: "post",
    path: `/api/schedules/{id}/${name}`,
    security,
    description: description + ADMIN,
    request: { params: IdParam },
    responses: {
      200: schedule("The schedule"),
      ...common,
      409: problem("Changed meanwhile, or (resume) the schedule has no run-as user"),
    },
  });

export const pauseScheduleRoute = toggle("pause", "No run starts until it is resumed.");
export const resumeScheduleRoute = toggle(
  "resume",
  "A paused schedule runs again from the next due time after now (missed ones are not made up); an " +
    "enabled one keeps its next due time.",
);

export const runScheduleNowRoute = createRoute({
  method: "post",
  path: "/api/schedules/{id}/run",
  security,
  description:
    "Starts a run now, as a due time would (skipped if the previous run is still active); the timetable " +
    "is unchanged." +
    ADMIN,
  request: { params: IdParam },
  responses: { 202: json("What the run led to", ScheduleRunSchema), ...common },
});
