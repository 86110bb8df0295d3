import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { requireAdmin } from "../auth/principal";
import type { Logger } from "../logger";
import { problemDoc as problem } from "../problem-json";
import { validationHook } from "../routes/validation-hook";
import type { Store } from "../store/store";
import { compactJobEvents } from "./compact-events";

/**
 * A person's erasure request (GDPR article 17), for a data protection officer with the admin role:
 * every finished job they requested keeps its counts but no longer names them, and schedules that
 * ran as them are paused (docs/data-lifecycle.md).
 */

const ErasureReportSchema = z
  .object({
    objectId: z.string(),
    jobsAnonymised: z.number().int(),
    eventsRemoved: z.number().int().openapi({
      description: "Each anonymised job keeps one event, the whole job without the person",
    }),
    notificationsRewritten: z.number().int(),
    activeJobIds: z.array(z.string()).openapi({
      description: "Jobs still queued, running or canceling: untouched. Ask again once they have ended.",
    }),
    schedulesPaused: z.array(z.string()).openapi({
      description:
        "Schedules that ran as the person: paused, run-as cleared; give them a new run-as user to resume",
    }),
    complete: z.boolean().openapi({ description: "Whether nothing about the person is left" }),
  })
  .openapi("ErasureReport");

export const erasureRoute = createRoute({
  method: "post",
  path: "/api/erasures",
  security: [{ bearer: [] }],
  description:
    "Removes one person's Entra object id and name from every finished job, its events and its " +
    "notifications. Needs the admin app role (ADMIN_ROLE).",
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: z.strictObject({ objectId: z.guid() }) } },
    },
  },
  responses: {
    200: {
      description: "What was changed",
      content: { "application/json": { schema: ErasureReportSchema } },
    },
    400: problem("Invalid body"),
    401: problem("Not authenticated"),
    403: problem("The caller lacks the admin role"),
  },
});

export function createErasureRoutes(d: { store: Store; adminRole: string; logger: Logger }) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(erasureRoute, async (c) => {
    const principal = c.get("principal");
    requireAdmin(principal, d.adminRole, "erase personal data");
    const { objectId } = c.req.valid("json");
    const erased = await d.store.erasePerson(objectId);
    const { jobIds, notificationsRewritten, schedulesPaused } = erased;
    const activeJobIds = [...erased.activeJobIds];
    let eventsRemoved = 0;
    for (const id of jobIds) {
      const removed = await compactJobEvents(d.store, id);
      // Resumed since it was anonymised: its earlier events still name the person. Like any active
      // job, it is listed, and the erasure is complete once asked again after it has ended.
      if (removed === null) activeJobIds.push(id);
      else eventsRemoved += removed;
    }
    // The log names who asked, not whom: the erased id must not live on in the logs.
    d.logger.info({ by: principal.objectId, jobsAnonymised: jobIds.length }, "personal data erased");
    return c.json(
      {
        objectId,
        jobsAnonymised: jobIds.length,
        eventsRemoved,
        notificationsRewritten,
        activeJobIds,
        schedulesPaused,
        complete: activeJobIds.length === 0,
      },
      200,
    );
  });
  return app;
}
