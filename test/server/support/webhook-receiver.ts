import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { vi } from "vitest";
import { Webhook } from "standardwebhooks";

/** A receiver on 127.0.0.1:0 that records every delivery and answers as the test scripts it. */

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}
/** How to answer one request: a status (and headers), or hold it unanswered until the receiver closes. */
export type Answer = { status: number; headers?: Record<string, string> } | "hold";

export async function startReceiver(path = "/hook") {
  const received: Received[] = [];
  const script: Answer[] = [];
  const held: ServerResponse[] = [];
  const waiters: (() => void)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
      waiters.splice(0).forEach((w) => w());
      const answer = script.shift() ?? { status: 204 };
      if (answer === "hold") return void held.push(res);
      res.writeHead(answer.status, answer.headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    /** Answers for the next requests, in order; 204 once the script runs out. */
    answer: (...answers: Answer[]) => void script.push(...answers),
    /** Forgets the answers not used yet (204 again). */
    clearAnswers: () => void script.splice(0),
    /** Resolves once `n` requests have arrived. */
    until: (n: number) =>
      new Promise<void>((resolve) => {
        const check = () => (received.length >= n ? resolve() : waiters.push(check));
        check();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        held.forEach((res) => res.destroy());
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Verifies a delivery with the Standard Webhooks library as a receiver would. The library checks the
 * timestamp against its own clock (5 min tolerance); tests move time, so its clock is set to the
 * delivery's own timestamp while it verifies.
 */
export function verifyDelivery(secret: string, r: Received): unknown {
  const headers = Object.fromEntries(
    ["webhook-id", "webhook-timestamp", "webhook-signature"].map((h) => [h, String(r.headers[h])]),
  );
  vi.useFakeTimers({ toFake: ["Date"], now: Number(headers["webhook-timestamp"]) * 1000 });
  try {
    return new Webhook(secret).verify(r.body, headers);
  } finally {
    vi.useRealTimers();
  }
}
