import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { startServer } from "../../server/start";
import { createFakeDataverse } from "./support/fake-dataverse";
import { createHarness, testConfig, validInput } from "./support/harness";

let h: ReturnType<typeof createHarness>;
afterEach(() => h.close());

const postWithHost = (host: string) => h.post("/api/jobs", validInput, { Host: host });

/** GET /api/jobs from a real server with `host` as the Host header, as a client sends it (app.request cannot). */
async function onTheWire(host: string) {
  h = createHarness();
  const server = await startServer(testConfig(), { store: h.store, dataverse: createFakeDataverse() });
  try {
    const { port } = new URL(server.url);
    return await new Promise<{ status?: number; type?: string; body: string }>((resolve, reject) => {
      const options = { host: "127.0.0.1", port, path: "/api/jobs", method: "GET", headers: { Host: host } };
      const req = request(options, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode, type: res.headers["content-type"], body }));
      });
      req.on("error", reject).end();
    });
  } finally {
    await server.close();
  }
}

describe("AUTH_MODE=none answers only loopback hosts (DNS rebinding)", () => {
  it("refuses a job start named for attacker.example with 421 problem+json and starts nothing", async () => {
    h = createHarness();
    const res = await postWithHost("attacker.example:7304");
    expect(res.status).toBe(421);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({
      type: "https://bgsync.example/problems/host-not-allowed",
      title: "Misdirected request",
      status: 421,
      detail:
        'Without authentication this API only answers requests for a loopback host (127.0.0.1, localhost or [::1]), not "attacker.example:7304".',
    });
    expect(h.dataverse.starts).toHaveLength(0);
    expect(await h.store.listJobs({ limit: 10 })).toHaveLength(0);
  });

  it.each(["127.0.0.1:7304", "127.8.9.10", "localhost", "LOCALHOST:80", "[::1]:7304", "[::1]"])(
    "accepts Host %s",
    async (host) => {
      h = createHarness();
      expect((await postWithHost(host)).status).toBe(202);
    },
  );

  it.each([
    "127.0.0.1.attacker.example",
    "localhost.attacker.example:7304",
    "[::2]",
    "0.0.0.0",
    "not a host",
  ])("refuses Host %s, reads included", async (host) => {
    h = createHarness();
    expect((await h.get("/api/jobs", { Host: host })).status).toBe(421);
    expect((await h.get("/healthz", { Host: host })).status).toBe(421);
  });

  it("holds on the wire, where Host is what the client sent", async () => {
    const answer = await onTheWire("attacker.example");
    expect(answer.status).toBe(421);
  });

  it("answers a Host no URL can be made of with a 400 problem too, not an empty answer", async () => {
    const answer = await onTheWire("127.0.0.1:abc");
    expect(answer.status).toBe(400);
    expect(answer.type).toBe("application/problem+json");
    expect(JSON.parse(answer.body)).toEqual({
      type: "https://bgsync.example/problems/validation-failed",
      title: "The request is not valid",
      status: 400,
      detail: "The request's Host header or target is not valid.",
    });
  });
});
