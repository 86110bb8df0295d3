import { createRoute, z } from "@hono/zod-openapi";
import { JobSchema } from "../jobs/job-json";
import { problemDoc as problem } from "../problem-json";
import { IdParam } from "./id-param";

/** OpenAPI route definitions for /api/jobs; the zod schemas validate requests and document them. */

/**
 * A Dataverse record id: any 8-4-4-4-12 hex GUID. Dataverse does not promise RFC 4122 version and
 * variant bits (00000000-0000-0000-0000-000000000001 is a valid record id), so `z.uuid()` would refuse
 * real records. Ids this API generates itself (jobs, operations) stay strict UUIDs.
 */
const DataverseId = z.guid();

/** Strict: a misspelt field (`notifyURL`) is a 400 that names it, not a start that ignores it. */
export const JobInputSchema = z
  .strictObject({
    customApi: z.string().regex(/^[A-Za-z][\w]{0,127}$/, "a Custom API unique name"),
    parameters: z.record(z.string(), z.unknown()).default({}),
    target: z.strictObject({
      entity: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "a table logical name"),
      id: DataverseId,
    }),
    notifyUrl: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional()
      .openapi({
        description:
          "Also send this job's job.completed event here (Standard Webhooks, signed); the origin must be on the API's NOTIFY_URL_ORIGINS",
      }),
    /** Run even if a job for the same record and Custom API is active; only with ALLOW_CONCURRENT_JOBS=true. */
    allowConcurrent: z.boolean().optional(),
  })
  .openapi("JobInput");

const job = (description: string) => ({
  description,
  content: { "application/json": { schema: JobSchema } },
});
const common = {
  400: problem("The id is not a UUID"),
  401: problem("Not authenticated"),
  404: problem("No such job, or not yours to see"),
};
const security = [{ bearer: [] }];

export const createJobRoute = createRoute({
  method: "post",
  path: "/api/jobs",
  security,
  request: {
    headers: z.object({ "idempotency-key": z.string().min(1).max(200).optional() }),
    body: { required: true, content: { "application/json": { schema: JobInputSchema } } },
  },
  responses: {
    202: job("The job was accepted and its first batch started"),
    400: problem("Invalid input"),
    401: problem("Not authenticated"),
    403: problem("Custom API not allowed"),
    409: problem("A job for the same record and Custom API is active (activeJob links to it)"),
    413: problem("Body over MAX_BODY_BYTES"),
    415: problem("Body not sent as application/json"),
    422: problem("Idempotency-Key reused for another request"),
    429: problem("Too many jobs started"),
    502: problem("Dataverse refused or failed"),
    504: problem("Dataverse timed out"),
  },
});

export const getJobRoute = createRoute({
  method: "get",
  path: "/api/jobs/{id}",
  security,
  request: { params: IdParam },
  responses: { 200: job("The job"), ...common },
});

export const listJobsRoute = createRoute({
  method: "get",
  path: "/api/jobs",
  security,
  request: {
    query: z.object({
      entity: z
        .string()
        .regex(/^[a-z][a-z0-9_]{0,63}$/)
        .optional(),
      id: DataverseId.optional(),
      limit: z.coerce.number().int().min(1).max(100).default(20),
      cursor: z.string().max(200).optional(),
    }),
  },
  responses: {
    200: {
      description: "Jobs, newest first: the record's when entity and id are given, else the caller's own",
      content: {
        "application/json": {
          schema: z
            .object({ items: z.array(JobSchema), nextCursor: z.string().optional() })
            .openapi("JobPage"),
        },
      },
    },
    400: problem("Invalid query"),
    401: problem("Not authenticated"),
  },
});

const action = (name: "cancel" | "resume", description: string) =>
  createRoute({
    method: "post",
    path: `/api/jobs/{id}/${name}`,
    security,
    request: { params: IdParam },
    responses: {
      202: job(description),
      ...common,
      403: problem("Only the person who started the job may do this"),
      409: problem("Not possible in the job's current status"),
    },
  });

export const cancelJobRoute = action(
  "cancel",
  "Canceling: the current batch is canceled if not started, no further batch starts",
);
export const resumeJobRoute = action("resume", "Resumed from the last cursor");
