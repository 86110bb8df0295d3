import { canResume, completedWithErrors, isTerminal, runStart, type Job, type JobStatus } from "./api/job";
import type { Formatter } from "./format";
import { recordsDone } from "./job-progress";
import type { Strings } from "./strings";

export type StatusTone = "informative" | "brand" | "warning" | "success" | "danger" | "subtle";

/** The status as shown: the API's, or "completedWithErrors" for a job that succeeded with failed records. */
export type StatusKind = JobStatus | "completedWithErrors";

/** Everything the status view shows for a job, as text: colour and icons only repeat it. */
export interface JobView {
  status: JobStatus;
  kind: StatusKind;
  statusText: string;
  tone: StatusTone;
  active: boolean;
  /**
   * Running: "1,000 of 3,000 records (33%)", `fraction` only when the total is known. Ended: the
   * summary, and the bar left where the job got to, so the control keeps its height as it ends.
   */
  progress: { label: string; fraction: number | undefined };
  /** Finished: "3,000 synced · 2 failed · in 1 min 5 s". */
  summary: string | null;
  /** Failed: a plain title, whom to tell if it stops again, retries made; the codes in `details`. */
  error: { title: string; lines: string[]; details: string; message: string } | null;
}

const TONES: Record<StatusKind, StatusTone> = {
  queued: "informative",
  running: "brand",
  canceling: "warning",
  succeeded: "success",
  completedWithErrors: "warning",
  failed: "danger",
  canceled: "subtle",
};

export function statusText(status: StatusKind, strings: Strings): string {
  return strings.text(`Status_${status}`);
}

export const statusKind = (job: Job): StatusKind =>
  completedWithErrors(job) ? "completedWithErrors" : job.status;

export function describeJob(job: Job, strings: Strings, format: Formatter): JobView {
  const kind = statusKind(job);
  const summary = isTerminal(job.status) ? summarize(job, strings, format) : null;
  return {
    status: job.status,
    kind,
    statusText: statusText(kind, strings),
    tone: TONES[kind],
    active: summary === null,
    progress: summary === null ? describeProgress(job, strings, format) : describeEnd(job, summary),
    summary,
    error: job.status === "failed" ? describeError(job, strings) : null,
  };
}

/** Run time (runStart): a resumed job's time standing failed or canceled is not part of it. */
export function jobDuration(job: Job): number | null {
  return job.endedAt === null ? null : Math.max(0, Date.parse(job.endedAt) - runStart(job));
}

export function summarize(job: Job, strings: Strings, format: Formatter): string {
  const { synced, failed, total } = job.progress;
  // A sync that stopped short (canceled, failed) says how far it got of how much.
  const short = job.status !== "succeeded" && total !== null && synced + failed < total;
  const parts = [
    short
      ? strings.format("Summary_SyncedOfTotal", format.count(synced), format.count(total))
      : strings.format("Summary_Synced", format.count(synced)),
  ];
  if (failed > 0) parts.push(strings.format("Summary_Failed", format.count(failed)));
  const duration = jobDuration(job);
  // "in 0 s" says nothing: a sync canceled before it began has no duration worth saying.
  if (duration !== null && duration >= 1000)
    parts.push(strings.format("Summary_Duration", format.duration(duration)));
  return parts.join(" · ");
}

function describeProgress(job: Job, strings: Strings, format: Formatter): JobView["progress"] {
  const { done, total } = recordsDone(job);
  if (job.status === "queued") return { label: strings.text("Progress_Waiting"), fraction: undefined };
  // Dataverse accepted batch 1 but counts come only when a batch ends, or when the plug-in reports.
  if (job.progress.batches === 0 && done === 0)
    return { label: strings.text("Progress_FirstBatch"), fraction: undefined };
  if (total === null || total <= 0) {
    return { label: strings.format("Progress_RecordsNoTotal", format.count(done)), fraction: undefined };
  }
  const fraction = Math.min(1, done / total);
  return {
    label: strings.format(
      "Progress_Records",
      format.count(done),
      format.count(total),
      Math.floor(fraction * 100),
    ),
    fraction,
  };
}

function describeEnd(job: Job, summary: string): JobView["progress"] {
  if (job.status === "succeeded") return { label: summary, fraction: 1 };
  const { done, total } = recordsDone(job);
  return { label: summary, fraction: total !== null && total > 0 ? Math.min(1, done / total) : 0 };
}

function describeError(job: Job, strings: Strings): JobView["error"] {
  const error = job.error;
  const batch = error?.batch ?? null;
  const retries = job.operations.find((operation) => operation.batch === batch)?.retryCount ?? 0;
  // How far it got is the summary's, and what Resume or Retry does is the button's hint: not repeated.
  const lines = [
    strings.text(canResume(job) ? "Error_Next_Resume" : "Error_Next_Retry"),
    retries > 0 ? strings.format("Error_Retries", retries) : null,
  ].filter((line) => line !== null);
  const message = error?.message || strings.text("Error_Unknown");
  const details = [message, error?.code ? strings.format("Error_Code", error.code) : null]
    .filter((part) => part !== null)
    .join(" · ");
  return {
    title: batch === null ? strings.text("Error_Title") : strings.format("Error_Title_Batch", batch),
    lines,
    details: strings.format("Error_Details", details),
    message,
  };
}
