import { z } from "@hono/zod-openapi";
import type { JobRow } from "../store/store";

/**
 * The `job.completed` event: everything a flow needs about a finished job, so it never has to call
 * back. Standard Webhooks' payload shape (`type`, `timestamp`, `data`). This zod definition is the
 * one source of the OpenAPI component and of docs/job-completed.schema.json (the schema a maker
 * pastes into the flow trigger).
 */

const iso = z.string().openapi({ format: "date-time" });
const count = z.number().int().nonnegative();

export const JobCompletedSchema = z
  .object({
    type: z.literal("job.completed"),
    /** When the job ended. */
    timestamp: iso,
    data: z.object({
      jobId: z.string().describe("The job's id"),
      link: z.string().describe("The job in the API: GET it (with a token) for every batch"),
      customApi: z.string().describe("The Custom API's unique name"),
      target: z.object({
        entity: z.string().describe("Table logical name of the record the job ran for"),
        id: z.string().describe("That record's id"),
      }),
      requestedBy: z.object({
        objectId: z.string().describe("Entra object id of the person who started the job"),
        name: z.string(),
      }),
      status: z.enum(["succeeded", "failed", "canceled"]),
      synced: count,
      failed: count,
      total: count.nullable().describe("Records in scope, when the Custom API reports it"),
      batches: count.describe("Batches that finished"),
      error: z
        .object({
          code: z.string().describe("Dataverse's error code (e.g. 0x80040265)"),
          message: z.string(),
          batch: z.number().int().nullable(),
        })
        .nullable()
        .describe("Why the job failed; null unless status is failed"),
      startedAt: iso.nullable(),
      endedAt: iso,
      durationSeconds: z.number().nonnegative().nullable(),
      scheduleId: z
        .string()
        .nullable()
        .describe("The schedule this job was a run of (it ran as requestedBy); null for a person's start"),
    }),
  })
  .openapi("JobCompleted");

export type JobCompleted = z.infer<typeof JobCompletedSchema>;

/** The JSON Schema published for flow makers (draft-04: what the flow trigger reads). */
export const jobCompletedJsonSchema = () =>
  z.toJSONSchema(JobCompletedSchema, { target: "draft-4", io: "input" });

const isoOf = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Builds the event for a job that has just ended. */
export function toJobCompleted(job: JobRow, publicBaseUrl: string): JobCompleted {
  const endedAt = job.endedAt ?? job.createdAt;
  return {
    type: "job.completed",
    timestamp: new Date(endedAt).toISOString(),
    data: {
      jobId: job.id,
      link: `${publicBaseUrl}/api/jobs/${job.id}`,
      customApi: job.customApi,
      target: { entity: job.targetEntity, id: job.targetId },
      requestedBy: { objectId: job.requestedByOid, name: job.requestedByName },
      status: job.status as JobCompleted["data"]["status"],
      synced: job.synced,
      failed: job.failed,
      total: job.total,
      batches: job.batches,
      error: job.status === "failed" ? job.error : null,
      startedAt: isoOf(job.startedAt),
      endedAt: new Date(endedAt).toISOString(),
      // Run time: a resumed job's time standing failed or canceled is not part of it.
      durationSeconds:
        job.startedAt === null ? null : Math.max(0, endedAt - job.startedAt - job.pausedMs) / 1000,
      scheduleId: job.scheduleId,
    },
  };
}
