import { createServer, type Server } from "node:http";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { dirname, extname, join, normalize } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserSkipReason, launchChromium } from "../support/browser";
import { SCREENSHOTS } from "../support/form-page";

const skip = browserSkipReason();
const require = createRequire(import.meta.url);
const HARNESS = dirname(require.resolve("pcf-start/package.json"));
const BUILT = "out/controls";
const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".xml": "text/xml",
  ".resx": "text/xml",
};

/**
 * What `npx pcf-start` serves, without its browser-sync (fixed port 8181, file watching, telemetry):
 * the harness's own files at the root, then the built control (`out/controls`). `manifest` may
 * rewrite the built manifest to show what its resx order does.
 */
function startHarness(manifest: (xml: string) => string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(new URL(req.url ?? "/", "http://x").pathname).replace(/^(\.\.[/\\])+/, "");
    const file = path === "/" ? "/index.html" : path;
    void readFile(join(HARNESS, file))
      .catch(() => readFile(join(BUILT, file)))
      .then(
        (body) => {
          res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
          res.end(file === "/ControlManifest.xml" ? manifest(body.toString("utf8")) : body);
        },
        () => res.writeHead(404).end(),
      );
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** The harness page takes React from unpkg.com: served here from node_modules, nothing from outside. */
async function openHarness(browser: Browser, server: Server): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.route(
    (url) => url.hostname !== "127.0.0.1",
    async (route) => {
      const umd = /\/(react|react-dom)@16\.14\.0\/umd\/([\w.-]+\.js)$/.exec(route.request().url());
      if (umd === null) return route.abort();
      return route.fulfill({
        contentType: "text/javascript",
        body: await readFile(require.resolve(`${umd[1]}/umd/${umd[2]}`), "utf8"),
      });
    },
  );
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  return page;
}

/** Issue 14, item 13: in Microsoft's own harness the control speaks the default language. */
describe.skipIf(skip !== undefined)("the control in pcf-start's harness, in Chromium", () => {
  let browser: Browser;
  const servers: Server[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    servers.forEach((server) => server.close());
  });

  const shownText = async (name: string, manifest: (xml: string) => string) => {
    const server = await startHarness(manifest);
    servers.push(server);
    const page = await openHarness(browser, server);
    const root = page.getByTestId("bgsync-root");
    await root.waitFor({ timeout: 60_000 });
    await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
    return root.innerText();
  };

  // The harness gives every text input without a default the value "val", which is no URL: the
  // control then lists its configuration problems, in the language it took.
  it("shows English with the shipped manifest", async () => {
    const text = await shownText("pcf-harness", (xml) => xml);
    expect(text).toMatch(/^Background Sync is not configured correctly\nAPI base URL must be/);
    expect(text).not.toMatch(/configuré|doit/);
  });

  it("shows French when the French resx is listed last: the harness keeps the last one it loads", async () => {
    const frenchLast = (xml: string) => {
      const french = /\s*<resx path="[^"]*\.1036\.resx"[^>]*\/>/.exec(xml)![0];
      return xml.replace(french, "").replace(/(<resx path="[^"]*\.1033\.resx"[^>]*\/>)/, `$1${french}`);
    };
    expect(await shownText("pcf-harness-french-last", frenchLast)).toMatch(
      /^Background Sync n'est pas configuré correctement\n/,
    );
  });
});
