import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { requireAdmin, type Principal } from "../auth/principal";
import type { Clock } from "../clock";
import type { Logger } from "../logger";
import { problems } from "../problem";
import type { NotificationRow, Store } from "../store/store";
import { validationHook } from "../routes/validation-hook";
import type { JobCompleted } from "./payload";
import { redactUrl } from "./receivers";
import { jobCompletedWebhook, listNotificationsRoute, redeliverRoute } from "./specs";

/**
 * The outbox for operators. Every notification carries a whole job summary (names, counts, errors
 * of every user's jobs), so only callers with the admin app role (ADMIN_ROLE in the token's `roles`
 * claim) may list or redeliver; everyone else gets 403.
 */

const isoOf = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const view = (n: NotificationRow) => ({
  id: n.id,
  jobId: n.jobId,
  receiver: n.receiver,
  url: redactUrl(n.url),
  status: n.status,
  attempts: n.attempts,
  createdAt: new Date(n.createdAt).toISOString(),
  nextAttemptAt: isoOf(n.nextAttemptAt),
  lastAttemptAt: isoOf(n.lastAttemptAt),
  lastStatus: n.lastStatus,
  lastError: n.lastError,
  deliveredAt: isoOf(n.deliveredAt),
  event: JSON.parse(n.payload) as JobCompleted,
});

export function createNotificationRoutes(d: {
  store: Store;
  adminRole: string;
  clock: Clock;
  logger: Logger;
}) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openAPIRegistry.registerWebhook(jobCompletedWebhook);
  const adminOnly = (p: Principal) => requireAdmin(p, d.adminRole, "manage notifications");

  app.openapi(listNotificationsRoute, async (c) => {
    adminOnly(c.get("principal"));
    const items = await d.store.listNotifications(c.req.valid("query"));
    return c.json({ items: items.map(view) }, 200);
  });

  app.openapi(redeliverRoute, async (c) => {
    const principal = c.get("principal");
    adminOnly(principal);
    const n = await d.store.getNotification(c.req.valid("param").id);
    if (!n) throw problems.notFound();
    if (n.status === "pending" || n.status === "sending")
      throw problems.conflict(`The notification is ${n.status}; it will be sent without being asked.`);
    const queued = { ...n, status: "pending" as const, nextAttemptAt: d.clock.now(), claimedUntil: null };
    if (!(await d.store.updateNotification(queued, { status: n.status, claimedUntil: n.claimedUntil })))
      throw problems.conflict("The notification changed meanwhile; read it again.");
    d.logger.info(
      { notificationId: n.id, jobId: n.jobId, receiver: n.receiver, was: n.status, by: principal.objectId },
      "notification redelivery requested",
    );
    return c.json(view(queued), 202);
  });

  return app;
}
