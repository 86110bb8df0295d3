import { createRoute, z } from "@hono/zod-openapi";
import { JobSchema } from "../jobs/job-json";
import { problemDoc as problem } from "../problem-json";
import { IdParam } from "./id-param";

/** OpenAPI definitions of a job's failed records and the retry of exactly those. */

const security = [{ bearer: [] }];

export const FailuresSchema = z
  .object({
    items: z.array(z.object({ id: z.string(), name: z.string().nullable(), reason: z.string() })),
    /** Records the job counted as failed; `items` may name fewer (`dropped`, or a plug-in that names none). */
    failed: z.number().int(),
    dropped: z.number().int(),
    retryable: z.boolean(),
  })
  .openapi("JobFailures");

export const listFailuresRoute = createRoute({
  method: "get",
  path: "/api/jobs/{id}/failures",
  security,
  request: { params: IdParam },
  responses: {
    200: {
      description: `The records the job's batches reported as failed, in order, with the reason (at most 500)`,
      content: { "application/json": { schema: FailuresSchema } },
    },
    400: problem("The id is not a UUID"),
    401: problem("Not authenticated"),
    404: problem("No such job, or not yours to see"),
  },
});

export const retryFailuresRoute = createRoute({
  method: "post",
  path: "/api/jobs/{id}/retry-failed",
  security,
  request: {
    params: IdParam,
    headers: z.object({ "idempotency-key": z.string().min(1).max(200).optional() }),
  },
  responses: {
    202: {
      description: "A new job that runs only the failed records (the Custom API's RecordIds input)",
      content: { "application/json": { schema: JobSchema } },
    },
    400: problem("The id is not a UUID"),
    401: problem("Not authenticated"),
    403: problem("Custom API not allowed, or the target record not readable"),
    404: problem("No such job, or not yours to see"),
    409: problem(
      "Not possible: the job is active, has no failed records, kept only part of them, or its Custom API has no RecordIds input; or another job is active",
    ),
    429: problem("Too many jobs started"),
    502: problem("Dataverse refused or failed"),
  },
});
