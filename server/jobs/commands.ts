import { randomUUID } from "node:crypto";
import type { Principal } from "../auth/principal";
import type { Clock } from "../clock";
import type { DataverseClient } from "../dataverse/client";
import { DataverseError } from "../dataverse/errors";
import type { Logger } from "../logger";
import { hasCredentials } from "../notify/receivers";
import { problems } from "../problem";
import { ActiveJobConflictError, type JobRow, type Store } from "../store/store";
import type { CustomApiCatalog } from "./custom-api-catalog";
import type { Engine } from "./engine";
import type { JobWriter } from "./job-writer";
import { requestCancel, resumeJob } from "./command-transitions";
import { newJob, newOperation } from "./new-rows";
import { reconcileAt, type PollTimings } from "./poll-schedule";
import { isSameRequest, requestHash } from "./request-hash";
import { isChained, takesProgressUrl, validateParameters } from "./validate-parameters";

/** What users ask of jobs: start, cancel, resume. Authorization is the routes' business. */

export interface JobInput {
  customApi: string;
  parameters: Record<string, unknown>;
  target: { entity: string; id: string };
  /** Also notify this URL when the job ends; its origin must be on NOTIFY_URL_ORIGINS. */
  notifyUrl?: string;
  /** Asks to run beside an active job on the same record; honoured only if the configuration allows it. */
  allowConcurrent?: boolean;
  /** The schedule this start is a run of (schedules/run-schedule.ts); never from a request. */
  scheduleId?: string;
}

export interface CommandDeps {
  store: Store;
  engine: Engine;
  writer: JobWriter;
  catalog: CustomApiCatalog;
  dataverse: DataverseClient;
  clock: Clock;
  logger: Logger;
  allowedCustomApis: readonly string[];
  allowedUrlOrigins: readonly string[];
  timings: Pick<PollTimings, "reconcileAfterSeconds">;
  notifyUrlOrigins: readonly string[];
  allowConcurrentJobs: boolean;
  newId?: () => string;
}

/** A per-job notify URL must point at an allow-listed origin: the API signs and sends job data there. */
function notifyUrlError(url: string | undefined, origins: readonly string[]) {
  if (url === undefined) return null;
  if (hasCredentials(url))
    return {
      path: "notifyUrl",
      message: "must not carry a user name or password: the receiver checks the signature",
    };
  const origin = new URL(url).origin;
  if (origins.includes(origin)) return null;
  return {
    path: "notifyUrl",
    message: origins.length
      ? `origin ${origin} is not allowed`
      : "this API takes no notifyUrl (NOTIFY_URL_ORIGINS is empty)",
  };
}

export function createJobCommands(d: CommandDeps) {
  const newId = d.newId ?? randomUUID;

  async function validate(input: JobInput) {
    if (!d.allowedCustomApis.includes(input.customApi))
      throw problems.forbidden(`The Custom API ${input.customApi} is not on this API's allow-list.`);
    const def = await d.catalog.get(input.customApi);
    if (!def)
      throw problems.badRequest("Unknown Custom API.", [
        { path: "customApi", message: "no such Custom API" },
      ]);
    const errors = validateParameters(def, input.parameters, d.allowedUrlOrigins);
    const notify = notifyUrlError(input.notifyUrl, d.notifyUrlOrigins);
    if (errors.length || notify)
      throw problems.badRequest(
        errors.length
          ? "The parameters do not match the Custom API's definition."
          : "The notifyUrl is not one this API may call.",
        notify ? [...errors, notify] : errors,
      );
    return def;
  }

  async function start(principal: Principal, input: JobInput, key: string | null): Promise<JobRow> {
    const def = await validate(input);
    const now = d.clock.now();
    const job = newJob({
      id: newId(),
      customApi: input.customApi,
      parameters: input.parameters,
      targetEntity: input.target.entity,
      targetId: input.target.id,
      requestedByOid: principal.objectId,
      requestedByName: principal.name,
      createdAt: now,
      chained: isChained(def),
      takesProgressUrl: takesProgressUrl(def),
      idempotencyKey: key,
      requestHash: key ? requestHash(input) : null,
      notifyUrl: input.notifyUrl ?? null,
      concurrent: input.allowConcurrent === true && d.allowConcurrentJobs,
      scheduleId: input.scheduleId ?? null,
    });
    const op = { ...newOperation(job, 1, null, newId(), now), nextCheckAt: reconcileAt(now, d.timings) };
    return d.engine.withLock(job.id, async () => {
      let saved: JobRow;
      try {
        saved = await d.writer.write(job, [op]);
      } catch (error) {
        if (!(error instanceof ActiveJobConflictError)) throw error;
        throw problems.jobAlreadyActive(
          error.activeJobId,
          input.allowConcurrent && !d.allowConcurrentJobs
            ? "A job for this record and Custom API is still active, and concurrent runs are disabled on this API (ALLOW_CONCURRENT_JOBS)."
            : "A job for this record and Custom API is still active; follow it, or start again once it has ended.",
        );
      }
      return d.engine.launch(saved, op, true);
    });
  }

  return {
    /** Starts a job; with an Idempotency-Key, a repeat of the same request returns the first job. */
    async create(
      principal: Principal,
      input: JobInput,
      key: string | null,
    ): Promise<{ job: JobRow; created: boolean }> {
      if (!key) return { job: await start(principal, input, null), created: true };
      return d.engine.withLock(`idempotency:${principal.objectId}:${key}`, async () => {
        const existing = await d.store.findJobByIdempotencyKey(principal.objectId, key);
        if (!existing) return { job: await start(principal, input, key), created: true };
        if (!isSameRequest(existing.requestHash, input)) throw problems.idempotencyKeyReused();
        return { job: existing, created: false };
      });
    },

    cancel(jobId: string): Promise<JobRow> {
      return d.engine.withLock(jobId, async () => {
        const job = await d.store.getJob(jobId);
        if (!job) throw problems.notFound();
        const step = requestCancel(job, await d.store.listOperations(jobId), d.clock.now());
        if (step.kind === "refused") throw problems.conflict(step.reason);
        if (step.kind === "unchanged") return step.job;
        if (step.kind === "ended") return d.writer.write(step.job, step.operations);
        const canceling = await d.writer.write(step.job, []);
        try {
          // Stops the operation only if it has not started; a running one finishes, and no next batch starts.
          await d.dataverse.cancelBackgroundOperation(step.backgroundOperationId);
        } catch (error) {
          if (!(error instanceof DataverseError)) throw error;
          d.logger.info(
            { jobId, upstreamStatus: error.upstreamStatus, err: error },
            "Dataverse declined the cancel",
          );
        }
        return canceling;
      });
    },

    resume(jobId: string): Promise<JobRow> {
      return d.engine.withLock(jobId, async () => {
        const job = await d.store.getJob(jobId);
        if (!job) throw problems.notFound();
        const ops = await d.store.listOperations(jobId);
        const step = resumeJob(job, ops, newId(), d.clock.now(), d.timings);
        if (step.kind === "refused") throw problems.conflict(step.reason);
        // The allow-lists may have narrowed since the job started: a resume is held to today's rules.
        await validate({
          customApi: job.customApi,
          parameters: job.parameters,
          target: { entity: job.targetEntity, id: job.targetId },
          notifyUrl: job.notifyUrl ?? undefined,
        });
        const queued = await d.writer.write(step.job, [step.operation]);
        return d.engine.launch(queued, step.operation, true);
      });
    },
  };
}

export type JobCommands = ReturnType<typeof createJobCommands>;
