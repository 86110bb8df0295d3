import { createHash, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload } from "jose";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startDemo, type DemoOptions, type RunningDemo } from "../../scripts/demo";
import { launchChromium } from "./browser";
import { TEST_TLS_DIR } from "./test-tls";

/**
 * The browser tests' trust in the emulator's certificate, for that browser only: Chromium skips
 * certificate errors for exactly this server key (its SPKI hash), nothing else.
 */
function serverSpkiHash(): string {
  const cert = new X509Certificate(readFileSync(join(TEST_TLS_DIR, "server.pem")));
  return createHash("sha256")
    .update(cert.publicKey.export({ type: "spki", format: "der" }))
    .digest("base64");
}

export function launchTrustingChromium(extraArgs: string[] = []): Promise<Browser> {
  return launchChromium([`--ignore-certificate-errors-spki-list=${serverSpkiHash()}`, ...extraArgs]);
}

/** `npm run start:secure` on ephemeral ports and an in-memory store. */
export function startSecureDemo(emulator: DemoOptions["emulator"] = {}, env: Record<string, string> = {}) {
  return startDemo({
    secure: true,
    emulatorPort: 0,
    apiPort: 0,
    storeUrl: "sqlite::memory:",
    emulator: { tlsDir: TEST_TLS_DIR, ...emulator },
    env: { LOG_LEVEL: "warn", ...env },
  });
}

export interface SignInRecord {
  prompt: string | null;
  loginHint: string | null;
  outcome: string;
  hadSession: boolean;
}

export const signIns = async (demo: RunningDemo): Promise<SignInRecord[]> =>
  ((await (await fetch(`${demo.emulator.url}/_emulator/sign-ins`)).json()) as { value: SignInRecord[] })
    .value;

/** The person signs in at the sign-in host first, as they did when they opened Dynamics. */
export async function signInFirst(context: BrowserContext, demo: RunningDemo, person: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(`${demo.emulator.signInAuthority}/login`);
  await page.getByRole("button", { name: new RegExp(person) }).click();
  await page.getByTestId("signed-in").waitFor();
  await page.close();
}

/** Every bearer token the page sent to the companion API, in order, by path. */
export function recordApiTokens(page: Page, demo: RunningDemo): { path: string; token: string }[] {
  const seen: { path: string; token: string }[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    const auth = request.headers().authorization;
    if (url.origin === demo.apiUrl && auth?.startsWith("Bearer "))
      seen.push({ path: url.pathname, token: auth.slice("Bearer ".length) });
  });
  return seen;
}

/** Verifies a token as the API must: the emulator's keys, issuer and the API's audience. */
export async function verifyUserToken(
  demo: RunningDemo,
  token: string,
  audience: string,
): Promise<JWTPayload> {
  const keys = (await (
    await fetch(`${demo.emulator.authority}/discovery/v2.0/keys`)
  ).json()) as JSONWebKeySet;
  const { payload } = await jwtVerify(token, createLocalJWKSet(keys), {
    issuer: `${demo.emulator.authority}/v2.0`,
    audience,
  });
  return payload;
}
