import { Agent, request } from "node:http";

/**
 * The load generator, in its own process so its CPU does not count against the server measured:
 * POSTs a body (the same one, or one per URL in `bodies`) to every URL it is sent, `concurrency` at a time over keep-alive connections, and
 * reports how long all took and how many were answered 2xx.
 */
type Job = { urls: string[]; body: string; concurrency: number; bodies?: string[] };
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

const post = (url: string, body: string) =>
  new Promise<number>((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": body.length },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });

process.on("message", (job: Job | "exit") => {
  if (job === "exit") process.exit(0);
  void (async () => {
    let next = 0;
    let ok = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < job.urls.length) {
        const i = next++;
        const status = await post(job.urls[i]!, job.bodies?.[i] ?? job.body);
        if (status >= 200 && status < 300) ok++;
      }
    };
    await Promise.all(Array.from({ length: job.concurrency }, worker));
    process.send?.({ ms: performance.now() - started, ok });
  })();
});
