import { createRemoteJWKSet, decodeJwt, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  COMPANION_API_AUDIENCE,
  DEMO_USER,
  OTHER_USER,
  SERVER_APP,
  SERVER_APP_USER,
} from "../../emulator/index";
import { startTestEmulator } from "./helpers";

let t: Awaited<ReturnType<typeof startTestEmulator>>;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.emu.close());

const userToken = async (body: Record<string, unknown>) => {
  const res = await fetch(`${t.emu.url}/_emulator/tokens/user`, {
    method: "POST",
    body: JSON.stringify(body),
  });
  return ((await res.json()) as { access_token: string }).access_token;
};
const whoAmI = (headers: Record<string, string>) => fetch(`${t.emu.webApiUrl}/WhoAmI`, { headers });

describe("token issuer", () => {
  it("issues Entra-shaped client-credentials tokens that verify against the published JWKS", async () => {
    const metadata = (await (
      await fetch(`${t.emu.authority}/v2.0/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    expect(metadata.issuer).toBe(`${t.emu.authority}/v2.0`);
    expect(metadata.token_endpoint).toBe(`${t.emu.authority}/oauth2/v2.0/token`);
    const { payload, protectedHeader } = await jwtVerify(
      t.token,
      createRemoteJWKSet(new URL(metadata.jwks_uri as string)),
      {
        issuer: metadata.issuer,
        audience: t.emu.url,
      },
    );
    expect(protectedHeader.alg).toBe("RS256");
    expect(payload).toMatchObject({
      tid: t.emu.authority.split("/").pop(),
      appid: SERVER_APP.clientId,
      oid: SERVER_APP_USER.objectId,
    });
  });

  it("refuses a wrong client secret and an unknown tenant", async () => {
    const form = (secret: string) =>
      new URLSearchParams({
        grant_type: "client_credentials",
        client_id: SERVER_APP.clientId,
        client_secret: secret,
        scope: `${t.emu.url}/.default`,
      });
    const bad = await fetch(`${t.emu.authority}/oauth2/v2.0/token`, { method: "POST", body: form("nope") });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: "invalid_client" });
    const tenant = await fetch(`${t.emu.url}/00000000-0000-0000-0000-000000000000/oauth2/v2.0/token`, {
      method: "POST",
      body: form(SERVER_APP.clientSecret),
    });
    expect(tenant.status).toBe(400);
  });

  it("mints user tokens for the companion API with the demo user's claims", async () => {
    const claims = decodeJwt(await userToken({}));
    expect(claims).toMatchObject({
      aud: COMPANION_API_AUDIENCE,
      oid: DEMO_USER.objectId,
      preferred_username: DEMO_USER.domainName,
      name: DEMO_USER.fullName,
      scp: "Jobs.ReadWrite",
    });
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
  });
});

describe("Web API authentication", () => {
  it("answers 401 with a Bearer challenge without a token, and for a token minted for another audience", async () => {
    const none = await whoAmI({});
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer authorization_uri=/);
    expect((await whoAmI({ authorization: `Bearer ${await userToken({})}` })).status).toBe(401);
    const expired = await userToken({ audience: t.emu.url, expiresInSeconds: -60 });
    expect((await whoAmI({ authorization: `Bearer ${expired}` })).status).toBe(401);
  });

  it("lets the application user impersonate by CallerObjectId or MSCRMCallerID", async () => {
    const auth = { authorization: `Bearer ${t.token}` };
    const me = async (h: Record<string, string>) =>
      ((await (await whoAmI({ ...auth, ...h })).json()) as { UserId: string }).UserId;
    expect(await me({})).toBe(SERVER_APP_USER.systemUserId);
    expect(await me({ CallerObjectId: DEMO_USER.objectId })).toBe(DEMO_USER.systemUserId);
    expect(await me({ MSCRMCallerID: OTHER_USER.systemUserId })).toBe(OTHER_USER.systemUserId);
    expect((await whoAmI({ ...auth, CallerObjectId: "11111111-1111-4111-8111-111111111111" })).status).toBe(
      404,
    );
  });

  it("refuses impersonation to a person without prvActOnBehalfOfAnotherUser", async () => {
    const demo = await userToken({ audience: t.emu.url });
    const res = await whoAmI({ authorization: `Bearer ${demo}`, CallerObjectId: OTHER_USER.objectId });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "0x80040220" } });
  });

  it("authenticates same-origin requests with the form page's session cookie", async () => {
    const page = await fetch(`${t.emu.url}/`);
    const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0] as string;
    expect(page.headers.get("set-cookie")).toMatch(/HttpOnly/i);
    const res = await whoAmI({ cookie });
    expect(((await res.json()) as { UserId: string }).UserId).toBe(DEMO_USER.systemUserId);
    expect((await whoAmI({ cookie, origin: t.emu.url })).status).toBe(200);
    expect((await whoAmI({ cookie, origin: "http://evil.example" })).status).toBe(401);
    expect((await whoAmI({ cookie: "bgsync_emulator_session=forged" })).status).toBe(401);
  });
});
