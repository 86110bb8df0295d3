import { parseRetryAfter } from "./schedule";

/** One HTTP attempt to a receiver, and what it means for the outbox. */

export type AttemptOutcome =
  | { kind: "delivered"; status: number }
  /** 410 Gone: the receiver says it will never want this again (Standard Webhooks: stop sending). */
  | { kind: "gone"; status: number }
  | { kind: "failed"; status: number | null; error: string; retryAfterMs: number | null };

export interface SendDeps {
  fetch?: typeof fetch;
  timeoutMs: number;
  now: () => number;
}

export function createSender(d: SendDeps) {
  const doFetch = d.fetch ?? fetch;
  return async function send(url: string, headers: Record<string, string>, body: string) {
    let res: Response;
    try {
      res = await doFetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "bgsync-webhooks/1", ...headers },
        body,
        // A receiver's redirect is not followed: the allow-listed URL is the only place data goes.
        redirect: "manual",
        signal: AbortSignal.timeout(d.timeoutMs),
      });
      // The body is not read beyond this: a receiver's answer is its status.
      await res.body?.cancel();
    } catch (error) {
      const timeout = error instanceof DOMException && error.name === "TimeoutError";
      return {
        kind: "failed",
        status: null,
        error: timeout ? `no answer within ${d.timeoutMs} ms` : String(error),
        retryAfterMs: null,
      } satisfies AttemptOutcome;
    }
    if (res.status >= 200 && res.status < 300) return { kind: "delivered", status: res.status } as const;
    if (res.status === 410) return { kind: "gone", status: res.status } as const;
    return {
      kind: "failed",
      status: res.status,
      error: `HTTP ${res.status}`,
      retryAfterMs: parseRetryAfter(res.headers.get("retry-after"), d.now()),
    } satisfies AttemptOutcome;
  };
}

export type Sender = ReturnType<typeof createSender>;
