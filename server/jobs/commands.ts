import { createHash, randomUUID } from "node:crypto";
import type { Principal } from "../auth/principal";
import type { Clock } from "../clock";
import type { DataverseClient } from "../dataverse/client";
import { DataverseError } from "../dataverse/errors";
import type { Logger } from "../logger";
import { problems, ProblemError } from "../problem";
import type { JobRow, Store } from "../store/store";
import type { CustomApiCatalog } from "./custom-api-catalog";
import type { Engine } from "./engine";
import type { JobWriter } from "./job-writer";
import { State, Status } from "./operation-state";
import { newJob, newOperation } from "./new-rows";
import { isJobTerminal } from "./transitions";
import { isChained, validateParameters } from "./validate-parameters";

/** What users ask of jobs: start, cancel, resume. Authorization is the routes' business. */

export interface JobInput {
  customApi: string;
  parameters: Record<string, unknown>;
  target: { entity: string; id: string };
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
  reconcileAfterSeconds: number;
  newId?: () => string;
}

const hashOf = (input: JobInput) => createHash("sha256").update(JSON.stringify(input)).digest("base64url");

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
    if (errors.length)
      throw problems.badRequest("The parameters do not match the Custom API's definition.", errors);
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
      idempotencyKey: key,
      requestHash: key ? hashOf(input) : null,
    });
    const op = {
      ...newOperation(job, 1, null, newId(), now),
      nextCheckAt: now + d.reconcileAfterSeconds * 1000,
    };
    return d.engine.withLock(job.id, async () => d.engine.launch(await d.writer.write(job, [op]), op, true));
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
        if (existing.requestHash !== hashOf(input))
          throw new ProblemError({
            status: 422,
            type: "idempotency-key-reused",
            title: "Idempotency-Key already used for a different request",
            detail: "Send a new Idempotency-Key for a different job.",
          });
        return { job: existing, created: false };
      });
    },

    cancel(jobId: string): Promise<JobRow> {
      return d.engine.withLock(jobId, async () => {
        let job = await d.store.getJob(jobId);
        if (!job) throw problems.notFound();
        if (job.status === "canceling") return job;
        if (isJobTerminal(job)) throw problems.conflict(`The job has already ended (${job.status}).`);
        const current = (await d.store.listOperations(jobId))
          .filter((o) => o.stateCode !== State.Completed)
          .at(-1);
        const now = d.clock.now();
        if (!current?.backgroundOperationId) {
          const ops = current
            ? [
                {
                  ...current,
                  stateCode: State.Completed,
                  statusCode: Status.Canceled,
                  endedAt: now,
                  nextCheckAt: null,
                },
              ]
            : [];
          return d.writer.write({ ...job, status: "canceled", endedAt: now }, ops);
        }
        job = await d.writer.write({ ...job, status: "canceling" }, []);
        try {
          // Stops the operation only if it has not started; a running one finishes, and no next batch starts.
          await d.dataverse.cancelBackgroundOperation(current.backgroundOperationId);
        } catch (error) {
          if (!(error instanceof DataverseError)) throw error;
          d.logger.info({ jobId, upstreamStatus: error.upstreamStatus }, "Dataverse declined the cancel");
        }
        return job;
      });
    },

    resume(jobId: string): Promise<JobRow> {
      return d.engine.withLock(jobId, async () => {
        const job = await d.store.getJob(jobId);
        if (!job) throw problems.notFound();
        if (job.status !== "failed" && job.status !== "canceled")
          throw problems.conflict(`Only a failed or canceled job can resume (this one is ${job.status}).`);
        if (!job.chained)
          throw problems.conflict("This Custom API does not take part in chaining; start a new job.");
        // The allow-lists may have narrowed since the job started: a resume is held to today's rules.
        await validate({
          customApi: job.customApi,
          parameters: job.parameters,
          target: { entity: job.targetEntity, id: job.targetId },
        });
        const ops = await d.store.listOperations(jobId);
        const now = d.clock.now();
        const batch = Math.max(0, ...ops.map((o) => o.batch)) + 1;
        const op = {
          ...newOperation(job, batch, job.cursor, newId(), now),
          nextCheckAt: now + d.reconcileAfterSeconds * 1000,
        };
        const queued = await d.writer.write({ ...job, status: "queued", endedAt: null, error: null }, [op]);
        return d.engine.launch(queued, op, true);
      });
    },
  };
}

export type JobCommands = ReturnType<typeof createJobCommands>;
