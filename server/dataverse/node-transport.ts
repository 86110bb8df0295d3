import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

/**
 * How http.ts sends one request to Dataverse: a subset of `fetch`, which tests script in its place.
 * The default is node:http over keep-alive sockets. Node's global fetch (undici) builds a web
 * Request, Headers, streams and a Response around every exchange: about a quarter of a millisecond
 * more CPU a request than this transport, and 0.5 to 0.8 ms more on a batch's hand-off (one read,
 * one start), measured between two processes (BENCHMARKS.md).
 */
export interface TransportResponse {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/**
 * `timeoutMs` bounds the whole exchange, as `AbortSignal.timeout` would with fetch, and fails it
 * with the same TimeoutError. It is a number, not a signal, because a signal costs the hand-off:
 * creating one and handing it to node:http took about 0.1 ms a request on this path's cold CPU
 * (BENCHMARKS.md), twice a batch.
 */
export type Transport = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number },
) => Promise<TransportResponse>;

/** Free sockets close after this long unless the server announces less (undici's default too). */
const IDLE_SOCKET_MS = 4_000;

function answer(res: IncomingMessage, body: string): TransportResponse {
  const status = res.statusCode ?? 0;
  return {
    status,
    ok: status >= 200 && status < 300,
    headers: {
      get(name) {
        const value = res.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
    },
    text: () => Promise.resolve(body),
  };
}

export function createNodeTransport(): Transport {
  const options = { keepAlive: true, timeout: IDLE_SOCKET_MS };
  const http = new HttpAgent(options);
  const https = new HttpsAgent(options);
  return (url, init) =>
    new Promise((resolve, reject) => {
      let timedOut = false;
      // As fetch does: a timeout rejects with a TimeoutError, any other failure with
      // TypeError("fetch failed") whose cause is Node's error (errors.ts reads its code).
      const fail = (error: unknown) => {
        clearTimeout(timer);
        reject(
          timedOut
            ? new DOMException("The operation was aborted due to timeout", "TimeoutError")
            : new TypeError("fetch failed", { cause: error }),
        );
      };
      const secure = url.startsWith("https:");
      const headers =
        init.body === undefined
          ? init.headers
          : { ...init.headers, "Content-Length": String(Buffer.byteLength(init.body)) };
      const req = (secure ? httpsRequest : httpRequest)(
        url,
        { method: init.method, headers, agent: secure ? https : http },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            clearTimeout(timer);
            resolve(answer(res, Buffer.concat(chunks).toString("utf8")));
          });
          res.on("error", fail);
          // A connection lost mid-body may end the response without an error event.
          res.on("close", () => res.complete || fail(new Error("the response ended early")));
        },
      );
      const timer = setTimeout(() => {
        timedOut = true;
        req.destroy();
      }, init.timeoutMs);
      req.on("error", fail);
      req.end(init.body);
    });
}
