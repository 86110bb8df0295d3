import { createHash, randomBytes, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { get } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  COMPANION_API_APP,
  CONTROL_APP,
  DEMO_USER,
  EMULATOR_TENANT_ID,
  OTHER_USER,
  startEmulator,
  type RunningEmulator,
} from "../../emulator/index";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, accountCount: 10 });
});
afterEach(() => fetch(`${emu.url}/_emulator/reset`, { method: "POST" }));
afterAll(() => emu.close());

const SCOPE = "api://bgsync/Jobs.ReadWrite openid profile offline_access";
const redirectUri = () => `${emu.url}${CONTROL_APP.redirectPath}`;
const verifier = randomBytes(32).toString("base64url");
const challenge = createHash("sha256").update(verifier).digest("base64url");

function authorizeUrl(extra: Record<string, string> = {}) {
  const params = new URLSearchParams({
    client_id: CONTROL_APP.clientId,
    scope: SCOPE,
    redirect_uri: redirectUri(),
    response_type: "code",
    response_mode: "fragment",
    state: "state-1",
    nonce: "nonce-1",
    code_challenge: challenge,
    code_challenge_method: "S256",
    ...extra,
  });
  return `${emu.authority}/oauth2/v2.0/authorize?${params.toString()}`;
}

/** The parameters the redirect carries back to the app (fragment for response_mode=fragment). */
function answer(res: Response): URLSearchParams {
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get("location") ?? "");
  expect(location.origin + location.pathname).toBe(redirectUri());
  return new URLSearchParams(location.hash.slice(1));
}

const authorize = (extra: Record<string, string> = {}, cookie?: string) =>
  fetch(authorizeUrl(extra), { redirect: "manual", headers: cookie ? { cookie } : {} });

/** Signs in on the sign-in page as `userId`, continuing the authorize request; returns the code and cookie. */
async function signIn(userId: string, extra: Record<string, string> = {}) {
  const request = new URL(authorizeUrl(extra)).searchParams.toString();
  const res = await fetch(`${emu.authority}/login`, {
    method: "POST",
    body: new URLSearchParams({ user: userId, request }),
    redirect: "manual",
  });
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { code: answer(res).get("code") ?? "", cookie };
}

const redeem = (fields: Record<string, string>, origin: string | null = emu.url) =>
  fetch(`${emu.signInAuthority}/oauth2/v2.0/token`, {
    method: "POST",
    headers: origin ? { origin } : {},
    body: new URLSearchParams({ client_id: CONTROL_APP.clientId, scope: SCOPE, ...fields }),
  });

const codeGrant = (code: string, codeVerifier = verifier, origin: string | null = emu.url) =>
  redeem(
    { grant_type: "authorization_code", code, code_verifier: codeVerifier, redirect_uri: redirectUri() },
    origin,
  );

describe("Entra's browser endpoints", () => {
  it("publishes the authorize and sign-out endpoints on the host the metadata was read from", async () => {
    const res = await fetch(`${emu.signInAuthority}/v2.0/.well-known/openid-configuration`, {
      headers: { origin: emu.url },
    });
    // MSAL reads it from the form's origin.
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const metadata = (await res.json()) as Record<string, string>;
    expect(metadata.authorization_endpoint).toBe(`${emu.signInAuthority}/oauth2/v2.0/authorize`);
    expect(metadata.token_endpoint).toBe(`${emu.signInAuthority}/oauth2/v2.0/token`);
    expect(metadata.end_session_endpoint).toBe(`${emu.signInAuthority}/oauth2/v2.0/logout`);
    expect(metadata.issuer).toBe(`${emu.authority}/v2.0`);
    expect(new URL(emu.signInAuthority).hostname).toBe("localhost");
  });

  it("answers prompt=none without a session with login_required (AADSTS50058), state echoed", async () => {
    const back = answer(await authorize({ prompt: "none", login_hint: DEMO_USER.domainName }));
    expect(Object.fromEntries(back)).toEqual({
      error: "login_required",
      error_description: "AADSTS50058: A silent sign-in request was sent but no user is signed in.",
      state: "state-1",
    });
  });

  it("shows its own error page for an unknown app or an unregistered redirect URI", async () => {
    const unknown = await authorize({ client_id: "nope" });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("AADSTS700016");
    const elsewhere = await authorize({ redirect_uri: "https://evil.example/cb" });
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toContain("AADSTS50011");
  });

  it("refuses a request without PKCE S256, and scopes of two resources, back at the redirect URI", async () => {
    const plain = answer(await authorize({ code_challenge_method: "plain" }));
    expect(plain.get("error")).toBe("invalid_request");
    expect(plain.get("error_description")).toMatch(/^AADSTS9002325: /);
    const two = answer(await authorize({ scope: `${SCOPE} ${emu.url}/user_impersonation` }));
    expect(two.get("error")).toBe("invalid_scope");
    expect(two.get("error_description")).toMatch(/^AADSTS28000: /);
  });

  it("shows the sign-in page with the hinted person first, then redirects with a code", async () => {
    const page = await authorize({ login_hint: OTHER_USER.domainName });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html.indexOf(OTHER_USER.fullName)).toBeLessThan(html.indexOf(DEMO_USER.fullName));
    const { code, cookie } = await signIn(DEMO_USER.systemUserId);
    expect(code).not.toBe("");
    expect(cookie).toMatch(/^ESTSAUTH=/);
  });

  it("redeems a code once, cross-origin only, with the PKCE verifier, for id, access and refresh tokens", async () => {
    const { code } = await signIn(DEMO_USER.systemUserId);
    const noOrigin = await codeGrant(code, verifier, null);
    expect(noOrigin.status).toBe(400);
    expect(await noOrigin.json()).toMatchObject({ error: "invalid_request", error_codes: [9002327] });

    const second = await signIn(DEMO_USER.systemUserId);
    const wrongVerifier = await codeGrant(second.code, "x".repeat(43));
    expect(await wrongVerifier.json()).toMatchObject({ error: "invalid_grant", error_codes: [50148] });

    const third = await signIn(DEMO_USER.systemUserId);
    const res = await codeGrant(third.code);
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const body = (await res.json()) as Record<string, string>;
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3599 });
    expect(body.scope).toBe("api://bgsync/Jobs.ReadWrite openid profile");
    expect(JSON.parse(Buffer.from(body.client_info ?? "", "base64url").toString())).toEqual({
      uid: DEMO_USER.objectId,
      utid: EMULATOR_TENANT_ID,
    });
    const keys = createLocalJWKSet(
      (await (await fetch(`${emu.authority}/discovery/v2.0/keys`)).json()) as JSONWebKeySet,
    );
    const issuer = `${emu.authority}/v2.0`;
    const { payload: access } = await jwtVerify(body.access_token ?? "", keys, {
      issuer,
      audience: COMPANION_API_APP.clientId,
    });
    expect(access).toMatchObject({
      scp: "Jobs.ReadWrite",
      oid: DEMO_USER.objectId,
      azp: CONTROL_APP.clientId,
    });
    const { payload: id } = await jwtVerify(body.id_token ?? "", keys, {
      issuer,
      audience: CONTROL_APP.clientId,
    });
    expect(id).toMatchObject({ nonce: "nonce-1", preferred_username: DEMO_USER.domainName, ver: "2.0" });

    const again = await codeGrant(third.code);
    expect(await again.json()).toMatchObject({ error: "invalid_grant", error_codes: [70008] });
  });

  it("signs in silently from the session cookie, unless login_hint names someone else", async () => {
    const { cookie } = await signIn(DEMO_USER.systemUserId);
    const silent = answer(await authorize({ prompt: "none", login_hint: DEMO_USER.domainName }, cookie));
    expect(silent.get("code")).toBeTruthy();
    expect(silent.get("state")).toBe("state-1");
    const other = answer(await authorize({ prompt: "none", login_hint: OTHER_USER.domainName }, cookie));
    expect(other.get("error")).toBe("login_required");
    const log = (await (await fetch(`${emu.url}/_emulator/sign-ins`)).json()) as {
      value: { outcome: string }[];
    };
    expect(log.value.map((entry) => entry.outcome)).toEqual(["signed-in", "code", "login_required"]);
  });

  it("refreshes with the refresh token, for the same or the org's resource, and answers query mode", async () => {
    const { cookie } = await signIn(DEMO_USER.systemUserId);
    const back = new URL((await authorize({ response_mode: "query" }, cookie)).headers.get("location") ?? "");
    const tokens = (await (await codeGrant(back.searchParams.get("code") ?? "")).json()) as Record<
      string,
      string
    >;
    const refreshed = await redeem({
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token ?? "",
    });
    const body = (await refreshed.json()) as Record<string, string>;
    expect(decodeJwt(body.access_token ?? "")).toMatchObject({
      aud: COMPANION_API_APP.clientId,
      scp: "Jobs.ReadWrite",
    });
    expect(body.refresh_token).not.toBe(tokens.refresh_token);
    const org = await redeem({
      grant_type: "refresh_token",
      refresh_token: body.refresh_token ?? "",
      scope: `${emu.url}/user_impersonation offline_access`,
    });
    expect(decodeJwt(((await org.json()) as { access_token: string }).access_token).aud).toBe(emu.url);
    const bad = await redeem({ grant_type: "refresh_token", refresh_token: "nope" });
    expect(await bad.json()).toMatchObject({ error: "invalid_grant", error_codes: [700084] });
  });

  it("serves the solution's redirect page as a web resource on the org's origin", async () => {
    const res = await fetch(redirectUri());
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("This window closes by itself");
  });
});

describe("HTTPS", () => {
  const dir = mkdtempSync(join(tmpdir(), "bgsync-tls-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const getWithCa = (url: string, ca: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      get(url, { ca }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      }).on("error", reject);
    });

  it("creates a local CA and a certificate for 127.0.0.1 and localhost once, and keeps them", async () => {
    const first = await startEmulator({ port: 0, accountCount: 1, https: true, tlsDir: dir });
    try {
      expect(first.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(first.signInAuthority).toMatch(/^https:\/\/localhost:\d+\//);
      const ca = first.caCertificate ?? "";
      const metadata = await getWithCa(`${first.signInAuthority}/v2.0/.well-known/openid-configuration`, ca);
      expect(metadata.status).toBe(200);
      expect(JSON.parse(metadata.body)).toMatchObject({ issuer: `${first.authority}/v2.0` });
      expect((await getWithCa(`${first.url}/`, ca)).status).toBe(200);
      const server = new X509Certificate(readFileSync(join(dir, "server.pem")));
      expect(server.subjectAltName).toBe("DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1");
      expect(server.verify(new X509Certificate(ca).publicKey)).toBe(true);
    } finally {
      await first.close();
    }
    const second = await startEmulator({ port: 0, accountCount: 1, https: true, tlsDir: dir });
    await second.close();
    expect(second.caCertificate).toBe(first.caCertificate);
  });
});
