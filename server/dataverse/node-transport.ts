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

export type Transport = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal },
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
      // As fetch does: a timeout rejects with the signal's reason (a TimeoutError), any other
      // failure with TypeError("fetch failed") whose cause is Node's error (errors.ts reads its code).
      const fail = (error: unknown) => {
        const reason: unknown = init.signal.aborted ? init.signal.reason : undefined;
        reject(reason instanceof Error ? reason : new TypeError("fetch failed", { cause: error }));
      };
      const secure = url.startsWith("https:");
      const headers =
        init.body === undefined
          ? init.headers
          : { ...init.headers, "Content-Length": String(Buffer.byteLength(init.body)) };
      const req = (secure ? httpsRequest : httpRequest)(
        url,
        { method: init.method, headers, agent: secure ? https : http, signal: init.signal },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => resolve(answer(res, Buffer.concat(chunks).toString("utf8"))));
          res.on("error", fail);
          // A connection lost mid-body may end the response without an error event.
          res.on("close", () => res.complete || fail(new Error("the response ended early")));
        },
      );
      req.on("error", fail);
      req.end(init.body);
    });
}
