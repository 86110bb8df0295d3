import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { neverSent } from "../../server/dataverse/errors";
import { createNodeTransport } from "../../server/dataverse/node-transport";

type Seen = { method: string; url: string; headers: IncomingMessage["headers"]; body: string };

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A local server answering with `answer`; records what it received. */
async function serve(answer: (res: ServerResponse, seen: Seen) => void) {
  const seen: Seen[] = [];
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const s = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
      seen.push(s);
      answer(res, s);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const init = (o: { method?: string; body?: string; timeoutMs?: number } = {}) => ({
  method: o.method ?? "GET",
  headers: { Accept: "application/json" },
  body: o.body,
  timeoutMs: o.timeoutMs ?? 30_000,
});

describe("node:http transport for Dataverse", () => {
  it("sends the method, headers and body, and answers status, headers and text as fetch would", async () => {
    const s = await serve((res) =>
      res
        .writeHead(202, { "Content-Type": "application/json", "X-Ms-Dyn-BackgroundOperationId": "bg-1" })
        .end('{"a":1}'),
    );
    const send = createNodeTransport();
    const body = JSON.stringify({ Cursor: "é" });
    const res = await send(`${s.base}/api/data/v9.2/x?$select=a`, init({ method: "POST", body }));
    expect(res.status).toBe(202);
    expect(res.ok).toBe(true);
    expect(res.headers.get("X-MS-DYN-BACKGROUNDOPERATIONID")).toBe("bg-1");
    expect(res.headers.get("retry-after")).toBeNull();
    expect(await res.text()).toBe('{"a":1}');
    expect(s.seen[0]).toMatchObject({ method: "POST", url: "/api/data/v9.2/x?$select=a", body });
    expect(s.seen[0]!.headers["content-length"]).toBe(String(Buffer.byteLength(body)));
    expect(s.seen[0]!.headers.accept).toBe("application/json");
  });

  it("reuses one connection for requests one after another", async () => {
    const s = await serve((res) => res.end("{}"));
    const ports = new Set<number>();
    server!.on("connection", (socket) => ports.add(socket.remotePort ?? 0));
    const send = createNodeTransport();
    for (let i = 0; i < 3; i++) expect((await send(`${s.base}/x`, init())).ok).toBe(true);
    expect(s.seen).toHaveLength(3);
    expect(ports.size).toBe(1);
  });

  it("answers an error status without throwing", async () => {
    const s = await serve((res) => res.writeHead(429, { "Retry-After": "7" }).end('{"error":{}}'));
    const res = await createNodeTransport()(`${s.base}/x`, init());
    expect(res.ok).toBe(false);
    expect(res.status).toBe(429);
    expect(res.headers.get("Retry-After")).toBe("7");
  });

  it("rejects with a TimeoutError, as fetch does, when no answer comes within timeoutMs", async () => {
    const s = await serve(() => undefined);
    const sent = createNodeTransport()(`${s.base}/x`, init({ timeoutMs: 50 }));
    await expect(sent).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("times out an answer whose body stops half way", async () => {
    const s = await serve((res) => res.writeHead(200, { "Content-Length": "10" }).write("{"));
    const sent = createNodeTransport()(`${s.base}/x`, init({ timeoutMs: 50 }));
    await expect(sent).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("rejects a connection that never opened so that it counts as never sent", async () => {
    const s = await serve((res) => res.end());
    server!.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    const error: unknown = await createNodeTransport()(`${s.base}/x`, init()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(neverSent(error)).toBe(true);
  });

  it("rejects a connection lost before the answer so that it may have been sent", async () => {
    const s = await serve((res) => res.socket?.destroy());
    const error: unknown = await createNodeTransport()(
      `${s.base}/x`,
      init({ method: "POST", body: "{}" }),
    ).catch((e: unknown) => e);
    expect(s.seen).toHaveLength(1);
    expect(error).toBeInstanceOf(TypeError);
    expect(neverSent(error)).toBe(false);
  });
});
