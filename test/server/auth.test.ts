import { beforeAll, describe, expect, it } from "vitest";
import type { Job } from "../../server/jobs/job-json";
import { ALEX, createHarness, validInput } from "./support/harness";
import { frames, sseReader } from "./support/sse";
import { AUDIENCE, BOB, createTestIssuer, ISSUER } from "./support/tokens";

let issuer: Awaited<ReturnType<typeof createTestIssuer>>;
beforeAll(async () => {
  issuer = await createTestIssuer();
});

const entra = () =>
  createHarness(
    { AUTH_MODE: "entra", AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, AUTH_CLOCK_SKEW_SECONDS: "60" },
    { jwks: issuer.jwks },
  );
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const nowS = () => Math.floor(Date.parse("2026-01-01T00:00:00Z") / 1000);

describe("inbound authentication (AUTH_MODE=entra)", () => {
  it("accepts a valid token and acts as its oid", async () => {
    const h = entra();
    const res = await h.post(
      "/api/jobs",
      validInput,
      bearer(await issuer.token(ALEX, {}, { nowSeconds: nowS() })),
    );
    expect(res.status).toBe(202);
    expect(((await res.json()) as Job).requestedBy).toEqual(ALEX);
    expect(h.dataverse.starts[0]?.callerObjectId).toBe(ALEX.objectId);
    await h.close();
  });

  it("answers 401 with a bare Bearer challenge when no token is sent", async () => {
    const h = entra();
    const res = await h.get("/api/jobs");
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="bgsync"');
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    await h.close();
  });

  const cases: [string, () => Promise<string>, RegExp][] = [
    [
      "a token from another issuer",
      () => issuer.token(ALEX, { iss: "https://login.microsoftonline.com/x/v2.0" }, { nowSeconds: nowS() }),
      /iss/,
    ],
    [
      "a token for another audience",
      () => issuer.token(ALEX, { aud: "api://other" }, { nowSeconds: nowS() }),
      /aud/,
    ],
    [
      "a token from another tenant",
      () => issuer.token(ALEX, { tid: "00000000-0000-4000-8000-000000000000" }, { nowSeconds: nowS() }),
      /tenant/,
    ],
    [
      "an expired token (beyond the clock skew)",
      () => issuer.token(ALEX, {}, { nowSeconds: nowS() - 3600 - 61 }),
      /expired/,
    ],
    [
      "a token not valid yet (beyond the clock skew)",
      () => issuer.token(ALEX, {}, { nowSeconds: nowS() + 61 }),
      /nbf/,
    ],
    [
      "a token signed with another key",
      () => issuer.token(ALEX, {}, { nowSeconds: nowS(), foreignKey: true }),
      /not valid/,
    ],
    ["a token without oid", () => issuer.token(ALEX, { oid: undefined }, { nowSeconds: nowS() }), /oid/],
  ];
  for (const [name, make, description] of cases) {
    it(`rejects ${name} with 401 and an invalid_token challenge`, async () => {
      const h = entra();
      const res = await h.get("/api/jobs", bearer(await make()));
      expect(res.status).toBe(401);
      const challenge = res.headers.get("www-authenticate") ?? "";
      expect(challenge).toMatch(/^Bearer realm="bgsync", error="invalid_token", error_description="/);
      expect(challenge).toMatch(description);
      await h.close();
    });
  }

  it("answers 403 insufficient_scope to a token without the API's delegated scope (e.g. app-only)", async () => {
    const h = entra();
    const appOnly = await issuer.token(
      ALEX,
      { scp: undefined, roles: ["Jobs.ReadWrite.All"] },
      { nowSeconds: nowS() },
    );
    const res = await h.get("/api/jobs", bearer(appOnly));
    expect(res.status).toBe(403);
    expect(res.headers.get("www-authenticate")).toMatch(/error="insufficient_scope", scope="Jobs.ReadWrite"/);
    await h.close();
  });

  it("tolerates clock skew within the configured bound", async () => {
    const h = entra();
    const expiredJustNow = await issuer.token(ALEX, {}, { nowSeconds: nowS() - 3600 - 30 });
    expect((await h.get("/api/jobs", bearer(expiredJustNow))).status).toBe(200);
    await h.close();
  });

  it("rejects a malformed Authorization header", async () => {
    const h = entra();
    expect((await h.get("/api/jobs", { Authorization: "Basic YTpi" })).status).toBe(401);
    expect((await h.get("/api/jobs", { Authorization: "Bearer not-a-jwt" })).status).toBe(401);
    await h.close();
  });
});

describe("authorization", () => {
  async function aliceJob(env: Record<string, string> = {}) {
    const h = createHarness(
      { AUTH_MODE: "entra", AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, ...env },
      { jwks: issuer.jwks },
    );
    const alex = bearer(await issuer.token(ALEX, {}, { nowSeconds: nowS() }));
    const bob = bearer(await issuer.token(BOB, {}, { nowSeconds: nowS() }));
    const job = (await (await h.post("/api/jobs", validInput, alex)).json()) as Job;
    return { h, alex, bob, job };
  }

  it("hides another person's job when Dataverse does not let them read the record (checked as them)", async () => {
    const { h, bob, job } = await aliceJob();
    expect((await h.get(`/api/jobs/${job.id}`, bob)).status).toBe(404);
    expect((await h.get(`/api/jobs/${job.id}/events`, bob)).status).toBe(404);
    expect((await h.get(`/api/jobs/${job.id}/failures`, bob)).status).toBe(404);
    expect((await h.post(`/api/jobs/${job.id}/retry-failed`, undefined, bob)).status).toBe(404);
    expect(h.dataverse.recordAccessChecks).toContainEqual({
      entity: "account",
      id: validInput.target.id,
      callerObjectId: BOB.objectId,
    });
    const list = (await (await h.get(`/api/jobs?entity=account&id=${validInput.target.id}`, bob)).json()) as {
      items: Job[];
    };
    expect(list.items).toEqual([]);
    await h.close();
  });

  it("shows the record's jobs to someone Dataverse lets read the record, and caches the answer", async () => {
    const { h, bob, job } = await aliceJob();
    h.dataverse.readers.add(BOB.objectId);
    expect((await h.get(`/api/jobs/${job.id}`, bob)).status).toBe(200);
    expect((await h.get(`/api/jobs/${job.id}`, bob)).status).toBe(200);
    const list = (await (await h.get(`/api/jobs?entity=account&id=${validInput.target.id}`, bob)).json()) as {
      items: Job[];
    };
    expect(list.items.map((j) => j.id)).toEqual([job.id]);
    expect(h.dataverse.recordAccessChecks.filter((c) => c.callerObjectId === BOB.objectId)).toHaveLength(1);
    await h.close();
  });

  it("JOB_VISIBILITY=own shows only one's own jobs, whatever Dataverse says", async () => {
    const { h, bob, job } = await aliceJob({ JOB_VISIBILITY: "own" });
    h.dataverse.readers.add(BOB.objectId);
    expect((await h.get(`/api/jobs/${job.id}`, bob)).status).toBe(404);
    await h.close();
  });

  it("lets only the person who started a job cancel or resume it", async () => {
    const { h, alex, bob, job } = await aliceJob();
    h.dataverse.readers.add(BOB.objectId);
    expect((await h.post(`/api/jobs/${job.id}/cancel`, undefined, bob)).status).toBe(403);
    expect((await h.post(`/api/jobs/${job.id}/resume`, undefined, bob)).status).toBe(403);
    expect(h.dataverse.cancels).toHaveLength(0);
    expect((await h.post(`/api/jobs/${job.id}/cancel`, undefined, alex)).status).toBe(202);
    await h.close();
  });

  it("refuses to start a job for a record Dataverse does not let the caller read", async () => {
    const { h, bob } = await aliceJob();
    const res = await h.post("/api/jobs", validInput, bob);
    expect(res.status).toBe(403);
    expect(h.dataverse.starts).toHaveLength(1);
    await h.close();
  });

  it("lists only the caller's own jobs when no record is named", async () => {
    const { h, bob } = await aliceJob();
    const list = (await (await h.get("/api/jobs", bob)).json()) as { items: Job[] };
    expect(list.items).toEqual([]);
    await h.close();
  });
});

describe("the admin role (ADMIN_ROLE in the token's roles claim)", () => {
  it("lets a token with the role read the notification outbox, and refuses one without it", async () => {
    const h = entra();
    const token = (claims: Record<string, unknown>) =>
      issuer.token(ALEX, claims, { nowSeconds: nowS() }).then(bearer);
    expect((await h.get("/api/notifications", await token({ roles: ["BackgroundSync.Admin"] }))).status).toBe(
      200,
    );
    expect((await h.get("/api/notifications", await token({ roles: ["Other.Role"] }))).status).toBe(403);
    expect((await h.get("/api/notifications", await token({}))).status).toBe(403);
    await h.close();
  });
});

describe("a job's event stream and the token that opened it", () => {
  it("ends when the token expires, so the viewer reconnects with a new one", async () => {
    const h = entra();
    const alex = bearer(await issuer.token(ALEX, {}, { nowSeconds: nowS(), expiresIn: 3600 }));
    const job = (await (await h.post("/api/jobs", validInput, alex)).json()) as Job;
    // Expires one real second after the harness's clock: the stream must end by itself, job still running.
    const shortLived = bearer(await issuer.token(ALEX, {}, { nowSeconds: nowS() - 3599, expiresIn: 3600 }));
    const res = await h.get(`/api/jobs/${job.id}/events`, shortLived);
    expect(res.status).toBe(200);
    const text = await sseReader(res).end();
    expect(frames(text).map((f) => f.job.status)).toEqual(["running"]);
    await h.close();
  });

  it("is refused with 401 for a token already expired but within the clock skew", async () => {
    const h = entra();
    const alex = bearer(await issuer.token(ALEX, {}, { nowSeconds: nowS() }));
    const job = (await (await h.post("/api/jobs", validInput, alex)).json()) as Job;
    const expired = bearer(await issuer.token(ALEX, {}, { nowSeconds: nowS() - 3610, expiresIn: 3600 }));
    expect((await h.get(`/api/jobs/${job.id}`, expired)).status).toBe(200);
    const res = await h.get(`/api/jobs/${job.id}/events`, expired);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe(
      'Bearer realm="bgsync", error="invalid_token", error_description="The token has expired."',
    );
    expect(await res.json()).toMatchObject({ status: 401, detail: "The token has expired." });
    await h.close();
  });
});
