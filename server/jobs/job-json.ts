import { z } from "@hono/zod-openapi";
import type { JobRow, OperationRow } from "../store/store";
import { retryRefusal } from "./failed-records";

/** The job as the API and the control see it (contract: "Job JSON"). Built from stored rows only. */

const iso = z.string().openapi({ format: "date-time" });

export const OperationSchema = z.object({
  batch: z.number().int(),
  backgroundOperationId: z.string().nullable(),
  stateCode: z.number().int(),
  statusCode: z.number().int(),
  retryCount: z.number().int(),
  createdAt: iso,
  startedAt: iso.nullable(),
  endedAt: iso.nullable(),
  /**
   * What the plug-in reported on its progress URL while this run went on (docs/plugin-progress.md):
   * records the run has done so far and the records in the whole sync when known. Null when it has
   * not reported; once the operation has ended the job's counts hold the run's results.
   */
  progress: z.object({ done: z.number().int(), total: z.number().int().nullable() }).nullable(),
});

export const JobSchema = z
  .object({
    id: z.uuid(),
    customApi: z.string(),
    parameters: z.record(z.string(), z.unknown()),
    target: z.object({ entity: z.string(), id: z.string() }),
    requestedBy: z.object({ objectId: z.string(), name: z.string() }),
    status: z.enum(["queued", "running", "canceling", "succeeded", "failed", "canceled"]),
    createdAt: iso,
    startedAt: iso.nullable(),
    endedAt: iso.nullable(),
    pausedMs: z.number().int().openapi({
      description:
        "How long the job stood failed or canceled before being resumed, summed over its resumes: its run time is (endedAt, or now) less startedAt less this",
    }),
    progress: z.object({
      synced: z.number().int(),
      failed: z.number().int(),
      total: z.number().int().nullable(),
      batches: z.number().int(),
    }),
    operations: z.array(OperationSchema),
    error: z.object({ code: z.string(), message: z.string(), batch: z.number().int().nullable() }).nullable(),
    scheduleId: z.string().nullable().openapi({ description: "The schedule this job is a run of, if any" }),
    /**
     * The failed records the plug-in named (`FailedRecords`), read at `links.failures`: how many are
     * kept, how many were named once the list was full, and whether "retry failed records" can run
     * exactly them. A job whose records partly failed still ends `succeeded` with `progress.failed`
     * above 0: the control shows it as completed with errors (docs/plugin-progress.md).
     */
    failedRecords: z.object({ listed: z.number().int(), dropped: z.number().int(), retryable: z.boolean() }),
    links: z.object({ self: z.string(), events: z.string(), failures: z.string() }),
  })
  .openapi("Job");

export type Job = z.infer<typeof JobSchema>;

const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toJobJson(job: JobRow, operations: readonly OperationRow[]): Job {
  const self = `/api/jobs/${job.id}`;
  return {
    id: job.id,
    customApi: job.customApi,
    parameters: job.parameters,
    target: { entity: job.targetEntity, id: job.targetId },
    requestedBy: { objectId: job.requestedByOid, name: job.requestedByName },
    status: job.status,
    createdAt: new Date(job.createdAt).toISOString(),
    startedAt: isoOrNull(job.startedAt),
    endedAt: isoOrNull(job.endedAt),
    pausedMs: job.pausedMs,
    progress: { synced: job.synced, failed: job.failed, total: job.total, batches: job.batches },
    operations: [...operations].sort((a, b) => a.batch - b.batch).map(toOperationJson),
    error: job.error,
    scheduleId: job.scheduleId,
    failedRecords: {
      listed: job.failuresListed,
      dropped: job.failuresDropped,
      retryable: retryRefusal(job) === null,
    },
    links: { self, events: `${self}/events`, failures: `${self}/failures` },
  };
}

export type JobOperation = z.infer<typeof OperationSchema>;

export function toOperationJson(o: OperationRow): JobOperation {
  return {
    batch: o.batch,
    backgroundOperationId: o.backgroundOperationId,
    stateCode: o.stateCode,
    statusCode: o.statusCode,
    retryCount: o.retryCount,
    createdAt: new Date(o.createdAt).toISOString(),
    startedAt: isoOrNull(o.startedAt),
    endedAt: isoOrNull(o.endedAt),
    progress: o.progressDone === null ? null : { done: o.progressDone, total: o.progressTotal },
  };
}
