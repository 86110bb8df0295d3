import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/index";
import { DEMO_USER } from "../../emulator/identities";
import { startTestEmulator, syncInput, waitForTerminal } from "./helpers";

let t: Awaited<ReturnType<typeof startTestEmulator>>;
beforeAll(async () => {
  t = await startTestEmulator({
    accountCount: 20,
    formHost: { parameters: { customApiName: "sample_SyncRecordsToExternalSystem" } },
  });
});
afterAll(() => t.emu.close());

describe("form host", () => {
  it("serves the page at / with an HttpOnly session cookie", async () => {
    const res = await fetch(`${t.emu.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(res.headers.get("set-cookie")).toMatch(/^bgsync_emulator_session=[\w-]+;.*HttpOnly/i);
  });

  it("describes the first account, or the one asked for, in context.json", async () => {
    const first: unknown = await (await fetch(`${t.emu.url}/form-host/context.json`)).json();
    expect(first).toEqual({
      entityTypeName: "account",
      entityId: t.emu.accounts[0]?.accountid,
      recordName: t.emu.accounts[0]?.name,
      parameters: { customApiName: "sample_SyncRecordsToExternalSystem" },
      user: {
        userId: DEMO_USER.systemUserId,
        userName: DEMO_USER.fullName,
        domainName: DEMO_USER.domainName,
        languageId: 1033,
      },
    });
    const other = t.emu.accounts[3];
    const picked = (await (
      await fetch(`${t.emu.url}/form-host/context.json?id=${other?.accountid}`)
    ).json()) as { recordName: string };
    expect(picked.recordName).toBe(other?.name);
  });

  it("serves the platform libraries and refuses paths outside the served folders", async () => {
    const react = await fetch(`${t.emu.url}/vendor/react-umd.js`);
    expect(react.status).toBe(200);
    expect(react.headers.get("content-type")).toMatch(/javascript/);
    expect((await fetch(`${t.emu.url}/vendor/fluent.js`)).status).toBe(200);
    expect((await fetch(`${t.emu.url}/control/..%2F..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${t.emu.url}/vendor/nope.js`)).status).toBe(404);
  });

  it("answers 400, not 500, to malformed percent-encoding in a static path", async () => {
    for (const path of ["/control/%E0%A4%A", "/form-host/%E0%A4%A", "/control/%"]) {
      const res = await fetch(`${t.emu.url}${path}`);
      expect(res.status).toBe(400);
      expect(await res.text()).toBe("Malformed percent-encoding in the path.");
    }
  });
});

describe("admin API", () => {
  it("counts Dataverse requests by method and route, and reset clears counters, ERP and operations", async () => {
    await fetch(`${t.emu.url}/_emulator/reset`, { method: "POST" });
    const res = await t.api.start(syncInput(t.emu), "respond-async");
    const location = res.headers.get("location") as string;
    await waitForTerminal(t.api, location);
    const counters = (await (await fetch(`${t.emu.url}/_emulator/counters`)).json()) as {
      total: number;
      byRoute: Record<string, number>;
    };
    const polls = counters.byRoute["GET /api/backgroundoperation/:id"] ?? 0;
    expect(polls).toBeGreaterThan(0);
    expect(counters.byRoute["POST /api/data/v9.2/sample_SyncRecordsToExternalSystem"]).toBe(1);
    expect(counters.total).toBe(Object.values(counters.byRoute).reduce((a, b) => a + b, 0));
    expect(await (await fetch(`${t.emu.url}/_emulator/erp`)).json()).toMatchObject({ uniqueCount: 20 });

    await fetch(`${t.emu.url}/_emulator/reset`, { method: "POST" });
    expect(await (await fetch(`${t.emu.url}/_emulator/counters`)).json()).toEqual({ total: 0, byRoute: {} });
    expect(await (await fetch(`${t.emu.url}/_emulator/erp`)).json()).toMatchObject({
      uniqueCount: 0,
      receivedCount: 0,
    });
    expect((await t.api.call(location)).status).toBe(404);
  });

  it("rejects malformed fault requests", async () => {
    const res = await fetch(`${t.emu.url}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ plugin: { explode: true } }),
    });
    expect(res.status).toBe(400);
  });

  it("does not exist in strict mode", async () => {
    let strict: RunningEmulator | undefined;
    try {
      strict = await startEmulator({ port: 0, mode: "strict", accountCount: 1 });
      expect((await fetch(`${strict.url}/_emulator/counters`)).status).toBe(404);
      expect(
        (await fetch(`${strict.url}/_emulator/tokens/user`, { method: "POST", body: "{}" })).status,
      ).toBe(404);
    } finally {
      await strict?.close();
    }
  });
});
