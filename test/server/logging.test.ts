import { Writable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../server/logger";
import { ALEX, createHarness, validInput } from "./support/harness";
import { AUDIENCE, createTestIssuer, ISSUER } from "./support/tokens";

let issuer: Awaited<ReturnType<typeof createTestIssuer>>;
beforeAll(async () => {
  issuer = await createTestIssuer();
});

function capture() {
  const lines: Record<string, unknown>[] = [];
  let raw = "";
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      raw += chunk.toString();
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger("info", stream), lines, raw: () => raw };
}

describe("logs", () => {
  it("carry request ids and outcomes, and never tokens or callback signatures", async () => {
    const log = capture();
    const h = createHarness(
      { AUTH_MODE: "entra", AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE },
      { jwks: issuer.jwks, logger: log.logger },
    );
    const token = await issuer.token(ALEX, {}, { nowSeconds: Math.floor(h.clock.now() / 1000) });
    const res = await h.post("/api/jobs", validInput, {
      Authorization: `Bearer ${token}`,
      "X-Request-Id": "req-42",
    });
    expect(res.status).toBe(202);
    h.dataverse.complete(h.dataverse.starts[0]!.backgroundOperationId, 30, {
      SyncedCount: 1,
      NextCursor: "",
    });
    await h.callback(1);
    const forged = new URL(h.dataverse.starts[0]!.callbackUrl);
    forged.searchParams.set("sig", "B".repeat(43));
    await h.app.request(forged.pathname + forged.search, { method: "POST", body: "{}" });
    await new Promise((r) => setImmediate(r));

    const created = log.lines.find((l) => l.requestId === "req-42" && l.msg === "request");
    expect(created).toMatchObject({ method: "POST", path: "/api/jobs", status: 202, user: ALEX.objectId });
    expect(log.lines.some((l) => l.msg === "callback rejected" && l.reason === "bad-signature")).toBe(true);
    const sig = new URL(h.dataverse.starts[0]!.callbackUrl).searchParams.get("sig")!;
    expect(log.raw()).not.toContain(token.split(".")[2]);
    expect(log.raw()).not.toContain(sig);
    expect(log.raw()).not.toContain("B".repeat(43));
    expect(log.raw()).not.toContain("127.0.0.1:7071/erp");
    await h.close();
  });
});
