import type { Clock } from "../clock";
import type { Config } from "../config";
import type { Logger } from "../logger";
import type { NotificationRow, Store } from "../store/store";
import { redactUrl, secretsFor } from "./receivers";
import { nextAttemptAt } from "./schedule";
import { createSender, type AttemptOutcome } from "./send";
import { createWebhookSigner, type WebhookSigner } from "./sign";

/**
 * Sends the outbox. Each pass claims the due rows in the store (so a second API instance never
 * sends the same row), sends each once, and records the outcome. An API that dies between sending
 * and recording leaves a claimed row whose lease runs out: the next pass sends it again with the
 * same `webhook-id` (at-least-once; receivers dedupe on it). That is the only duplicate there is.
 */

export interface Deliverer {
  /** One pass over the due rows; returns how many it attempted. */
  tick(): Promise<number>;
  start(): void;
  /** A job just ended: look at the outbox now rather than at the next tick. */
  wake(): void;
  stop(): Promise<void>;
}

export type DeliveryOutcome = "delivered" | "retried" | "dead" | "gone";

export interface DelivererDeps {
  store: Store;
  notify: Config["notify"];
  clock: Clock;
  logger: Logger;
  onOutcome?: (outcome: DeliveryOutcome) => void;
  fetch?: typeof fetch;
  random?: () => number;
  batch?: number;
}

export function createDeliverer(d: DelivererDeps): Deliverer {
  const now = () => d.clock.now();
  const send = createSender({ fetch: d.fetch, timeoutMs: d.notify.timeoutMs, now });
  // A lease longer than any attempt can take, so a live sender never loses its row to another.
  const leaseMs = d.notify.timeoutMs * 2 + 30_000;
  const signers = new Map<string, WebhookSigner | undefined>();
  const signerFor = (receiver: string) => {
    if (!signers.has(receiver)) {
      const secrets = secretsFor(d.notify, receiver);
      signers.set(receiver, secrets && createWebhookSigner(secrets));
    }
    return signers.get(receiver);
  };

  function settle(n: NotificationRow, outcome: AttemptOutcome): [NotificationRow, DeliveryOutcome] {
    const at = now();
    const tried = { ...n, attempts: n.attempts + 1, lastAttemptAt: at, claimedUntil: null };
    const base = { ...tried, lastStatus: outcome.status, nextAttemptAt: null };
    if (outcome.kind === "delivered")
      return [{ ...base, status: "delivered", lastError: null, deliveredAt: at }, "delivered"];
    if (outcome.kind === "gone")
      return [{ ...base, status: "gone", lastError: "the receiver answered 410 Gone" }, "gone"];
    const retry = nextAttemptAt(
      { windowMs: d.notify.retryWindowMs, random: d.random },
      tried,
      at,
      outcome.retryAfterMs,
    );
    if (retry === null) return [{ ...base, status: "dead", lastError: outcome.error }, "dead"];
    return [{ ...base, status: "pending", lastError: outcome.error, nextAttemptAt: retry }, "retried"];
  }

  async function deliver(n: NotificationRow) {
    const signer = signerFor(n.receiver);
    const outcome: AttemptOutcome = signer
      ? await send(n.url, signer(n.id, new Date(now()), n.payload), n.payload)
      : {
          kind: "failed",
          status: null,
          error: `receiver ${n.receiver} is not configured`,
          retryAfterMs: null,
        };
    const [row, result] = settle(n, outcome);
    const recorded = await d.store.updateNotification(row, {
      status: "sending",
      claimedUntil: n.claimedUntil,
    });
    const fields = {
      notificationId: n.id,
      jobId: n.jobId,
      receiver: n.receiver,
      url: redactUrl(n.url),
      attempt: row.attempts,
      httpStatus: row.lastStatus,
      status: row.status,
      nextAttemptAt: row.nextAttemptAt === null ? undefined : new Date(row.nextAttemptAt).toISOString(),
      error: row.lastError ?? undefined,
    };
    if (!recorded) return d.logger.warn(fields, "notification lease lost before its outcome was recorded");
    d.onOutcome?.(result);
    if (result === "delivered") d.logger.info(fields, "notification delivered");
    else if (result === "retried") d.logger.warn(fields, "notification attempt failed; will retry");
    else
      d.logger.error(
        fields,
        result === "gone" ? "receiver is gone; notification stopped" : "notification dead-lettered",
      );
  }

  let timer: NodeJS.Timeout | undefined;
  let current: Promise<number> | null = null;
  async function pass() {
    const due = await d.store.claimNotifications(now(), now() + leaseMs, d.batch ?? 50);
    await Promise.all(
      due.map((n) =>
        deliver(n).catch((error: unknown) =>
          d.logger.error({ notificationId: n.id, jobId: n.jobId, err: String(error) }, "delivery failed"),
        ),
      ),
    );
    return due.length;
  }
  const tick = () => (current ??= pass().finally(() => (current = null)));

  let again = false;
  let stopped = false;
  const run = () => {
    if (current) return void (again = true);
    tick()
      .catch((error: unknown) => d.logger.error({ err: String(error) }, "deliverer pass failed"))
      .finally(() => {
        if (again && !stopped) {
          again = false;
          run();
        }
      });
  };

  return {
    tick,
    start() {
      run();
      timer = setInterval(run, d.notify.tickMs);
      timer.unref();
    },
    wake: () => void (timer && !stopped && run()),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current;
    },
  };
}
