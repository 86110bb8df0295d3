import { randomUUID } from "node:crypto";
import type { JobRow, NotificationRow } from "../store/store";
import { toJobCompleted } from "./payload";
import { JOB_RECEIVER, wants, type Outcome, type Receiver } from "./receivers";

/**
 * The outbox rows for a job that has just ended: one per interested receiver, with the body fixed
 * now, so every attempt sends the same bytes under the same `webhook-id`.
 */
export function createNotificationPlanner(d: {
  receivers: readonly Receiver[];
  publicBaseUrl: string;
  newId?: () => string;
}) {
  const newId = d.newId ?? (() => `msg_${randomUUID().replaceAll("-", "")}`);
  return function plan(job: JobRow, now: number): NotificationRow[] {
    const outcome = job.status as Outcome;
    const targets = d.receivers
      .filter((r) => wants(r, job.customApi, outcome))
      .map((r) => ({ receiver: r.name, url: r.url }));
    if (job.notifyUrl) targets.push({ receiver: JOB_RECEIVER, url: job.notifyUrl });
    if (!targets.length) return [];
    const payload = JSON.stringify(toJobCompleted(job, d.publicBaseUrl));
    return targets.map((t) => ({
      id: newId(),
      jobId: job.id,
      receiver: t.receiver,
      url: t.url,
      payload,
      status: "pending",
      attempts: 0,
      createdAt: now,
      nextAttemptAt: now,
      claimedUntil: null,
      lastAttemptAt: null,
      lastStatus: null,
      lastError: null,
      deliveredAt: null,
    }));
  };
}

export type NotificationPlanner = ReturnType<typeof createNotificationPlanner>;
