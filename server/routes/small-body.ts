import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { problems } from "../problem";

/**
 * A small request body as text, at most `limit` bytes (413 beyond). Served by @hono/node-server it
 * is read straight from the Node request: asking Hono for the body would first build a whole web
 * Request, AbortController and stream around it, on the path of every callback. Under
 * `app.request()` (tests, other runtimes) the web Request is read instead.
 */
export async function readSmallBody(c: Context<AppEnv>, limit: number): Promise<string> {
  const incoming = c.env?.incoming;
  if (!incoming) {
    const text = await c.req.text();
    if (Buffer.byteLength(text) > limit) throw problems.bodyTooLarge();
    return text;
  }
  if (Number(incoming.headers["content-length"] ?? 0) > limit) throw problems.bodyTooLarge();
  // Events, not `for await`: the async iterator costs a tenth of a millisecond more per callback,
  // on the path from a batch's end to the next one's start.
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // The rest is not kept, only read and dropped, so the socket lives to carry the 413; once it is
      // sent, @hono/node-server drains what is left of the body within its own bounds (time and
      // bytes) and then closes the connection, as it does for a body too long by its Content-Length.
      chunks.length = 0;
      incoming.off("data", onData).off("end", onEnd).resume();
      reject(problems.bodyTooLarge());
    };
    const onEnd = () => resolve(Buffer.concat(chunks).toString("utf8"));
    incoming.on("data", onData).once("end", onEnd).once("error", reject);
  });
}
