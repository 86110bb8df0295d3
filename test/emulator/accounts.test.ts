import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USER, startEmulator } from "../../emulator/index";
import { startTestEmulator } from "./helpers";

let t: Awaited<ReturnType<typeof startTestEmulator>>;
beforeAll(async () => {
  t = await startTestEmulator({ accountCount: 120 });
});
afterAll(() => t.emu.close());

interface Page {
  value: Record<string, unknown>[];
  "@odata.nextLink"?: string;
}

describe("accounts", () => {
  it("seeds the same accounts on every start", async () => {
    const again = await startEmulator({ port: 0, accountCount: 120 });
    try {
      expect(again.accounts.map((a) => a.accountid)).toEqual(t.emu.accounts.map((a) => a.accountid));
      expect(new Set(again.accounts.map((a) => a.accountid)).size).toBe(120);
    } finally {
      await again.close();
    }
  });

  it("gets one account with $select and an etag, and 404s an unknown id", async () => {
    const first = t.emu.accounts[0];
    const row = await t.api.json(`/api/data/v9.2/accounts(${first?.accountid})?$select=name,modifiedon`);
    expect(row).toMatchObject({
      accountid: first?.accountid,
      name: first?.name,
      modifiedon: first?.modifiedon,
    });
    expect(row["@odata.etag"]).toMatch(/^W\/"\d+"$/);
    expect(row).not.toHaveProperty("telephone1");
    const missing = await t.api.call("/api/data/v9.2/accounts(00000000-0000-4000-8000-000000000000)");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "0x80040217" } });
  });

  it("pages through every account with odata.maxpagesize and @odata.nextLink", async () => {
    const seen: string[] = [];
    let next: string | undefined = "/api/data/v9.2/accounts?$select=name";
    while (next) {
      const page: Page = await t.api.json<Page>(next, { headers: { prefer: "odata.maxpagesize=50" } });
      expect(page.value.length).toBeLessThanOrEqual(50);
      seen.push(...page.value.map((a) => a.accountid as string));
      next = page["@odata.nextLink"];
    }
    expect(seen).toEqual(t.emu.accounts.map((a) => a.accountid));
  });

  it("filters on modifiedon and caps with $top (no nextLink)", async () => {
    const sorted = t.emu.accounts.map((a) => a.modifiedon).sort();
    const pivot = sorted[60] as string;
    const page = await t.api.json<Page>(`/api/data/v9.2/accounts?$filter=modifiedon gt ${pivot}`);
    expect(page.value.length).toBe(t.emu.accounts.filter((a) => a.modifiedon > pivot).length);
    expect(page.value.every((a) => (a.modifiedon as string) > pivot)).toBe(true);
    const top = await t.api.json<Page>("/api/data/v9.2/accounts?$top=3");
    expect(top.value).toHaveLength(3);
    expect(top["@odata.nextLink"]).toBeUndefined();
  });

  it("refuses query options it does not understand instead of ignoring them", async () => {
    const res = await t.api.call("/api/data/v9.2/accounts?$filter=contains(name,'x')");
    expect(res.status).toBe(400);
    expect(await t.api.call("/api/data/v9.2/nosuchtables").then((r) => r.status)).toBe(404);
  });
});

describe("systemusers", () => {
  it("lists users with domainname and azureactivedirectoryobjectid, filterable by object id", async () => {
    const page = await t.api.json<Page>(
      `/api/data/v9.2/systemusers?$select=fullname,domainname,azureactivedirectoryobjectid&$filter=azureactivedirectoryobjectid eq ${DEMO_USER.objectId}`,
    );
    expect(page.value).toEqual([
      {
        systemuserid: DEMO_USER.systemUserId,
        fullname: DEMO_USER.fullName,
        domainname: DEMO_USER.domainName,
        azureactivedirectoryobjectid: DEMO_USER.objectId,
      },
    ]);
    const one = await t.api.json(`/api/data/v9.2/systemusers(${DEMO_USER.systemUserId})`);
    expect(one.domainname).toBe(DEMO_USER.domainName);
  });
});
