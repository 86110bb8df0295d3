import { randomUUID } from "node:crypto";
import { expandTemplate } from "../../contracts/template";
import type { JobAccess } from "../auth/job-access";
import type { Clock } from "../clock";
import type { JobCommands } from "../jobs/commands";
import type { WithLock } from "../jobs/keyed-mutex";
import type { Logger } from "../logger";
import { ProblemError } from "../problem";
import { ACTIVE_JOB_STATUSES, type Store } from "../store/store";
import type { ScheduleRow, ScheduleRunRow } from "./schedule";

/**
 * One run of a schedule: an ordinary job started as the schedule's run-as user, unless the previous
 * run is still active (recorded as skipped). `{lastSuccess}` is the start (createdAt) of the
 * schedule's last succeeded run: a run that failed never moves it, so the next run picks up again
 * from the last good point. Whatever happens is recorded as a ScheduleRunRow.
 */

export type RunSchedule = (schedule: ScheduleRow, dueAt: number | null) => Promise<ScheduleRunRow>;

export function createScheduleRunner(d: {
  store: Store;
  commands: JobCommands;
  access: JobAccess;
  clock: Clock;
  logger: Logger;
  /** One run of a schedule at a time, across instances ("run now" beside the ticker). */
  withLock: WithLock;
  onRun?: (outcome: ScheduleRunRow["outcome"]) => void;
  newId?: () => string;
}): RunSchedule {
  const newId = d.newId ?? randomUUID;

  async function attempt(s: ScheduleRow, run: ScheduleRunRow): Promise<ScheduleRunRow> {
    if (!s.runAsOid) return { ...run, outcome: "failed", reason: "The schedule has no run-as user." };
    const [previous] = await d.store.listJobs({ scheduleId: s.id, limit: 1 });
    if (previous && ACTIVE_JOB_STATUSES.includes(previous.status))
      return {
        ...run,
        outcome: "skipped",
        jobId: previous.id,
        reason: `The previous run is still ${previous.status}.`,
      };
    const principal = { objectId: s.runAsOid, name: s.runAsName };
    // As for a person's start: the run-as user must be able to read the target record, asked as them.
    if (s.targetId && !(await d.access.mayTarget(principal, s.targetEntity, s.targetId)))
      return { ...run, outcome: "failed", reason: "Dataverse does not let the run-as user read the record." };
    const [succeeded] = await d.store.listJobs({ scheduleId: s.id, status: "succeeded", limit: 1 });
    const lastSuccess = succeeded?.createdAt ?? null;
    const parameters = expandTemplate(s.parameters, {
      entityName: s.targetEntity,
      recordId: s.targetId ?? "",
      now: new Date(run.at),
      columns: {},
      lastSuccess: lastSuccess === null ? null : new Date(lastSuccess).toISOString(),
    });
    const input = {
      customApi: s.customApi,
      parameters,
      // A table-wide run has no record: its jobs share the empty id, so one is active at a time.
      target: { entity: s.targetEntity, id: s.targetId ?? "" },
      scheduleId: s.id,
    };
    // From here on the run says what it used, whether the start goes through or is refused.
    const used = { ...run, lastSuccess };
    try {
      const { job } = await d.commands.create(principal, input, null);
      return { ...used, outcome: "started", jobId: job.id };
    } catch (error) {
      return refused(s, used, error);
    }
  }

  /** A start that was refused, as a run record: a job already active on the target is a skip. */
  async function refused(s: ScheduleRow, run: ScheduleRunRow, error: unknown): Promise<ScheduleRunRow> {
    const problem = error instanceof ProblemError ? error.problem : null;
    if (problem?.type === "job-already-active") {
      const active = problem.extensions?.activeJob as { id: string } | undefined;
      return { ...run, outcome: "skipped", jobId: active?.id ?? null, reason: problem.detail ?? null };
    }
    d.logger.warn({ scheduleId: s.id, err: error }, "a scheduled run did not start");
    // A start Dataverse refused leaves its job failed: the run names it.
    const [latest] = await d.store.listJobs({ scheduleId: s.id, limit: 1 });
    const jobId = latest && latest.createdAt >= run.at ? latest.id : null;
    const reason = problem ? (problem.detail ?? problem.title) : (error as Error).message;
    return { ...run, outcome: "failed", jobId, reason };
  }

  return (s, dueAt) =>
    d.withLock(`schedule:${s.id}`, async () => {
      const base: ScheduleRunRow = {
        id: newId(),
        scheduleId: s.id,
        dueAt,
        at: d.clock.now(),
        outcome: "failed",
        jobId: null,
        lastSuccess: null,
        reason: null,
      };
      const run = await attempt(s, base).catch((error: unknown) => refused(s, base, error));
      await d.store.recordScheduleRun(run);
      d.onRun?.(run.outcome);
      d.logger.info({ scheduleId: s.id, outcome: run.outcome, jobId: run.jobId, dueAt }, "scheduled run");
      return run;
    });
}
