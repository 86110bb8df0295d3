import { fork } from "node:child_process";
import { Agent, createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { monotonicMs } from "./stats";

/**
 * The chained-job benchmark's floor: the least any receiver can do between a batch's callback and
 * the next start. A child process stands in for Dataverse: every `batchMs` it POSTs a callback to a
 * raw node:http server here, which GETs a row from the child, parses it and POSTs the next start.
 * No store, no framework, no signature: the gaps (callback arriving here to the start arriving
 * there, both on the machine's monotonic clock) are the two processes' HTTP round trips at that
 * cadence, on this machine, and nothing else.
 */
if (process.argv[2] === "dataverse") {
  const startAt: number[] = [];
  const agent = new Agent({ keepAlive: true });
  const server = createServer((req, res) => {
    if (req.method === "POST") startAt.push(monotonicMs());
    req.resume();
    req.on("end", () => {
      const row = '{"backgroundoperationstatecode":3,"outputparameters":"[{\\"Key\\":\\"NextCursor\\"}]"}';
      res.writeHead(req.method === "POST" ? 202 : 200, { "content-type": "application/json" }).end(row);
    });
  });
  server.listen(0, "127.0.0.1", () => process.send?.((server.address() as AddressInfo).port));
  process.on("message", (m: { receiver: number; batches: number; batchMs: number }) => {
    startAt.length = 0;
    let sent = 0;
    const tick = () => {
      const body = '{"backgroundOperationStateCode":3,"backgroundOperationStatusCode":30}';
      const post = { host: "127.0.0.1", port: m.receiver, method: "POST", agent, path: "/callback" };
      request(post, (res) => res.resume()).end(body);
      if (++sent < m.batches) setTimeout(tick, m.batchMs);
      else setTimeout(() => process.send?.(startAt), m.batchMs);
    };
    tick();
  });
}

/** Hand-off gaps of `batches` raw hand-offs, one every `batchMs`. */
export async function rawHandOffGaps(batches: number, batchMs: number): Promise<number[]> {
  const child = fork(new URL(import.meta.url), ["dataverse"], { execArgv: ["--import", "tsx"] });
  const port = await new Promise<number>((resolve) => child.once("message", (m) => resolve(m as number)));
  const agent = new Agent({ keepAlive: true });
  const callbackAt: number[] = [];
  const call = (method: string, body: string) =>
    new Promise<string>((resolve) => {
      const req = request(
        { host: "127.0.0.1", port, method, agent, path: "/row" },
        (res: IncomingMessage) => {
          let text = "";
          res.on("data", (chunk: Buffer) => (text += chunk.toString()));
          res.on("end", () => resolve(text));
        },
      );
      req.end(body);
    });
  const receiver = createServer((req, res) => {
    callbackAt.push(monotonicMs());
    req.resume();
    req.on("end", () => {
      void call("GET", "")
        .then((row) => call("POST", JSON.stringify({ Row: JSON.parse(row) as unknown })))
        .then(() => res.writeHead(204).end());
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const startAt = new Promise<number[]>((resolve) => child.once("message", (m) => resolve(m as number[])));
  child.send({ receiver: (receiver.address() as AddressInfo).port, batches, batchMs });
  const starts = await startAt;
  child.kill();
  receiver.closeAllConnections();
  receiver.close();
  agent.destroy();
  return starts.map((at, i) => at - callbackAt[i]!);
}
