import { afterEach, describe, expect, it } from "vitest";
import { createHarness, validInput } from "./support/harness";

let h: ReturnType<typeof createHarness>;
afterEach(() => h.close());

describe("CORS, headers and operational endpoints", () => {
  it("allows only configured origins, and exposes Location", async () => {
    h = createHarness();
    const allowed = await h.app.request("/api/jobs", {
      method: "OPTIONS",
      headers: {
        Origin: "http://127.0.0.1:7071",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
      },
    });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:7071");
    expect(allowed.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
    const denied = await h.get("/api/jobs", { Origin: "https://evil.example" });
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();
    const created = await h.post("/api/jobs", validInput, { Origin: "http://localhost:7071" });
    expect(created.headers.get("access-control-allow-origin")).toBe("http://localhost:7071");
    expect(created.headers.get("access-control-expose-headers")).toMatch(/Location/);
  });

  it("sends secure headers and a request id that problems repeat", async () => {
    h = createHarness();
    const res = await h.get("/api/jobs/6d0c2e4a-1111-4222-8333-444455556666", { "X-Request-Id": "abc-123" });
    expect(res.status).toBe(404);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get("x-request-id")).toBe("abc-123");
    expect(await res.json()).toMatchObject({
      status: 404,
      requestId: "abc-123",
      instance: "/api/jobs/6d0c2e4a-1111-4222-8333-444455556666",
    });
  });

  it("answers unknown paths with a problem, never a stack", async () => {
    h = createHarness();
    const res = await h.get("/nope");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("answers a method a path does not take with 405 and the methods it does take", async () => {
    h = createHarness();
    const id = "6d0c2e4a-1111-4222-8333-444455556666";
    const cases: [string, string, string][] = [
      ["DELETE", `/api/jobs/${id}`, "GET, HEAD"],
      ["PUT", "/api/jobs", "GET, HEAD, POST"],
      ["GET", `/api/jobs/${id}/cancel`, "POST"],
      ["POST", "/healthz", "GET, HEAD"],
      ["PUT", `/api/schedules/${id}`, "DELETE, GET, HEAD, PATCH"],
    ];
    for (const [method, path, allow] of cases) {
      const res = await h.app.request(path, { method });
      expect([method, path, res.status, res.headers.get("allow")]).toEqual([method, path, 405, allow]);
      expect(await res.json()).toMatchObject({ status: 405, detail: `This endpoint answers ${allow}.` });
    }
    expect((await h.app.request(`/api/jobs/${id}/nope`, { method: "POST" })).status).toBe(404);
  });

  it("serves /healthz, /readyz and /metrics", async () => {
    h = createHarness();
    expect(await (await h.get("/healthz")).json()).toEqual({ status: "ok" });
    expect(await (await h.get("/readyz")).json()).toEqual({ status: "ready", store: "ok", dataverse: "ok" });
    await h.post("/api/jobs", validInput);
    const metrics = await (await h.get("/metrics")).text();
    expect(metrics).toMatch(/bgsync_jobs\{status="running"\} 1/);
    expect(metrics).toMatch(/bgsync_jobs_created_total 1/);
    expect(metrics).toMatch(/bgsync_sse_viewers 0/);
  });

  it("reports not ready when Dataverse tokens cannot be had", async () => {
    h = createHarness();
    h.dataverse.ping = () => Promise.reject(new Error("token endpoint down"));
    const res = await h.get("/readyz");
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ checks: { store: "ok", dataverse: "failing" } });
  });

  it("documents the API as OpenAPI 3.1 generated from the schemas, with an interactive page", async () => {
    h = createHarness();
    const doc = (await (await h.get("/openapi.json")).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/jobs",
        "/api/jobs/{id}",
        "/api/jobs/{id}/cancel",
        "/api/jobs/{id}/resume",
      ]),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(["Job", "JobInput", "Problem"]),
    );
  });

  it("serves the API docs page with its script and styles from this server, not a CDN", async () => {
    h = createHarness();
    const page = await (await h.get("/docs")).text();
    const assets = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual([
      "/docs/assets/swagger-ui-dist/swagger-ui.css",
      "/docs/assets/swagger-ui-dist/swagger-ui-bundle.js",
    ]);
    for (const asset of assets) {
      const res = await h.get(asset);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("public, max-age=86400");
      expect((await res.text()).length).toBeGreaterThan(1000);
    }
    expect(page).toContain("url: '/openapi.json'");
  });

  it("documents every status a route can answer that a client should handle", async () => {
    h = createHarness();
    const doc = (await (await h.get("/openapi.json")).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const statuses = (path: string, method: string) =>
      Object.keys(doc.paths[path]?.[method]?.responses ?? {});
    expect(statuses("/api/jobs", "post")).toEqual(
      expect.arrayContaining(["400", "409", "413", "415", "429"]),
    );
    for (const [path, method] of [
      ["/api/jobs/{id}", "get"],
      ["/api/jobs/{id}/failures", "get"],
      ["/api/jobs/{id}/retry-failed", "post"],
      ["/api/schedules/{id}", "patch"],
      ["/api/schedules/{id}/runs", "get"],
    ] as const)
      expect([path, statuses(path, method)]).toEqual([path, expect.arrayContaining(["400", "404"])]);
    expect(statuses("/callbacks/operations/{operationId}", "post")).toContain("413");
    expect(statuses("/readyz", "get")).toEqual(["200", "503"]);
    // What a 409 start and a 502 carry beyond RFC 9457's members.
    const problem = (doc as unknown as { components: { schemas: { Problem: { properties: object } } } })
      .components.schemas.Problem;
    expect(Object.keys(problem.properties)).toEqual(
      expect.arrayContaining(["activeJob", "upstreamStatus", "code", "retryAfter", "checks"]),
    );
  });
});
