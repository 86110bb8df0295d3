import { DataverseCredentialError, DataverseError, DataverseTimeoutError, neverSent } from "./errors";
import { createNodeTransport, type Transport, type TransportResponse } from "./node-transport";
import type { DataverseTokenSource } from "./token-source";

/**
 * One Dataverse HTTP exchange with the service-protection rules applied (docs/dataverse.md,
 * "Service protection limits"): a 429 waits at least `Retry-After`; 5xx and network errors get a
 * bounded, jittered exponential retry; everything stays inside a total time budget. A POST (a
 * background operation's start) is retried only when it surely did not start anything: a 429, or a
 * connection that never opened. After a timeout, a 5xx or a connection lost mid-request it may have
 * queued its operation, and sending it again would run the batch twice: the caller finds out
 * (jobs/adopt.ts) instead.
 */

export type CallOutcome = "ok" | "error" | "throttled" | "timeout" | "network" | "credentials";

export interface DataverseHttpOptions {
  baseUrl: string;
  tokens: DataverseTokenSource;
  timeoutMs: number;
  maxRetries: number;
  budgetMs: number;
  /** Sends one request: node:http by default (node-transport.ts); tests script their own. */
  fetch?: Transport;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  onCall?: (method: string, outcome: CallOutcome, status: number | null) => void;
}

export interface DataverseRequest {
  method: "GET" | "POST" | "DELETE" | "PATCH";
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface DataverseResponse {
  status: number;
  headers: TransportResponse["headers"];
  body: unknown;
}

export type DataverseHttp = (req: DataverseRequest) => Promise<DataverseResponse>;

const BASE_DELAY_MS = 250;
const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function readBody(res: TransportResponse): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function errorFrom(res: TransportResponse, body: unknown): DataverseError {
  const odata = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const retryAfter = Number(res.headers.get("retry-after"));
  return new DataverseError(
    res.status,
    typeof odata?.code === "string" ? odata.code : null,
    typeof odata?.message === "string" ? odata.message : `Dataverse answered ${res.status}`,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  );
}

export function createDataverseHttp(o: DataverseHttpOptions): DataverseHttp {
  const doFetch = o.fetch ?? createNodeTransport();
  const sleep = o.sleep ?? wait;
  const random = o.random ?? Math.random;
  const backoff = (attempt: number) => Math.round(random() * BASE_DELAY_MS * 2 ** attempt);

  /** The app's token, outside the network retries: a credential failure is not a network failure. */
  async function tokenFor(method: string): Promise<string> {
    try {
      return await o.tokens.getToken();
    } catch (error) {
      o.onCall?.(method, "credentials", null);
      throw new DataverseCredentialError(error);
    }
  }

  return async function send(req) {
    const started = Date.now();
    const within = (delay: number) => Date.now() - started + delay <= o.budgetMs;
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= o.maxRetries;
      const token = await tokenFor(req.method);
      let res: TransportResponse;
      try {
        res = await doFetch(o.baseUrl + req.path, {
          method: req.method,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: "application/json",
            "OData-MaxVersion": "4.0",
            "OData-Version": "4.0",
            ...(req.body === undefined ? {} : { "Content-Type": "application/json; charset=utf-8" }),
            ...req.headers,
          },
          body: req.body === undefined ? undefined : JSON.stringify(req.body),
          timeoutMs: o.timeoutMs,
        });
      } catch (error) {
        const timedOut = error instanceof Error && error.name === "TimeoutError";
        o.onCall?.(req.method, timedOut ? "timeout" : "network", null);
        const retryable = req.method !== "POST" || (!timedOut && neverSent(error));
        const delay = backoff(attempt);
        if (retryable && !last && within(delay)) {
          await sleep(delay);
          continue;
        }
        if (timedOut) throw new DataverseTimeoutError(o.timeoutMs, { cause: error });
        throw new DataverseError(null, null, "Dataverse could not be reached", null, { cause: error });
      }
      const body = await readBody(res);
      if (res.ok) {
        o.onCall?.(req.method, "ok", res.status);
        return { status: res.status, headers: res.headers, body };
      }
      const error = errorFrom(res, body);
      o.onCall?.(req.method, res.status === 429 ? "throttled" : "error", res.status);
      const delay =
        res.status === 429
          ? (error.retryAfterSeconds ?? 1) * 1000
          : res.status >= 500 && req.method !== "POST"
            ? backoff(attempt)
            : -1;
      if (delay >= 0 && !last && within(delay)) {
        await sleep(delay);
        continue;
      }
      throw error;
    }
  };
}
