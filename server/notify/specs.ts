import { createRoute, z } from "@hono/zod-openapi";
import { problemDoc as problem } from "../problem-json";
import { JobCompletedSchema } from "./payload";

/** OpenAPI route definitions for /api/notifications (the outbox, for operators with the admin role). */

const iso = z.string().openapi({ format: "date-time" });
const STATUSES = ["pending", "sending", "delivered", "gone", "dead"] as const;

export const NotificationSchema = z
  .object({
    id: z.string().openapi({ description: "The webhook-id every attempt carries" }),
    jobId: z.string(),
    receiver: z.string().openapi({ description: "A configured receiver's name, or notifyUrl" }),
    url: z.string().openapi({ description: "Credentials in the query (a flow's sig) are redacted" }),
    status: z.enum(STATUSES),
    attempts: z.number().int(),
    createdAt: iso,
    nextAttemptAt: iso.nullable(),
    lastAttemptAt: iso.nullable(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: iso.nullable(),
    event: JobCompletedSchema,
  })
  .openapi("Notification");

const security = [{ bearer: [] }];
const admin = { 401: problem("Not authenticated"), 403: problem("The caller lacks the admin role") };

export const listNotificationsRoute = createRoute({
  method: "get",
  path: "/api/notifications",
  security,
  description: "The notification outbox, newest first. Needs the admin app role (ADMIN_ROLE).",
  request: {
    query: z.object({
      status: z.enum(STATUSES).optional(),
      jobId: z.uuid().optional(),
      receiver: z.string().max(64).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(50),
    }),
  },
  responses: {
    200: {
      description: "Notifications",
      content: {
        "application/json": {
          schema: z.object({ items: z.array(NotificationSchema) }).openapi("NotificationPage"),
        },
      },
    },
    400: problem("Invalid query"),
    ...admin,
  },
});

export const redeliverRoute = createRoute({
  method: "post",
  path: "/api/notifications/{id}/redeliver",
  security,
  description:
    "Sends a delivered, gone or dead-lettered notification once more, with the same webhook-id. Needs the admin app role.",
  request: {
    params: z.object({
      id: z
        .string()
        .max(64)
        .openapi({ param: { name: "id", in: "path" } }),
    }),
  },
  responses: {
    202: {
      description: "Queued for delivery now",
      content: { "application/json": { schema: NotificationSchema } },
    },
    ...admin,
    400: problem("The id is longer than 64 characters"),
    404: problem("No such notification"),
    409: problem("The notification is still pending or being sent"),
  },
});

/** What receivers get (OpenAPI 3.1 `webhooks`): the same schema as docs/job-completed.schema.json. */
export const jobCompletedWebhook = {
  method: "post" as const,
  path: "job.completed",
  description:
    "Sent to each configured receiver (and a job's notifyUrl) when a job ends, signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). Answer 2xx; 410 stops deliveries; anything else is retried for NOTIFY_RETRY_HOURS (24 by default).",
  request: { body: { content: { "application/json": { schema: JobCompletedSchema } } } },
  responses: { 200: { description: "Received (any 2xx)" }, 410: { description: "Never send this again" } },
};
