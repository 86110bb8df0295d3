import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./support/free-port";

/**
 * `npm run build:server` bundles the API to plain JavaScript and `npm run start:prod` runs it with
 * node alone: no TypeScript loader in production.
 */

const run = promisify(execFile);
const MAIN = "out/server/main.js";

function startProd(env: Record<string, string>) {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, exited, stderr: () => stderr };
}

describe("the production build", () => {
  beforeAll(() => run("npm", ["run", "-s", "build:server"]));

  it("runs on node alone and serves the API", async () => {
    const port = await freePort();
    const prod = startProd({ PORT: String(port), STORE_URL: "sqlite::memory:", AUTH_MODE: "none" });
    try {
      const url = `http://127.0.0.1:${port}`;
      let health: Response | null = null;
      while (health === null) {
        health = await fetch(`${url}/healthz`).catch(() => null);
        if (health === null) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await health.json()).toEqual({ status: "ok" });
      const doc = (await (await fetch(`${url}/openapi.json`)).json()) as { info: { title: string } };
      expect(doc.info.title).toBe("Background Sync API");
      // The API docs page's script is served by the build itself, from its installed packages.
      const script = await fetch(`${url}/docs/assets/swagger-ui-dist/swagger-ui-bundle.js`);
      expect(script.status).toBe(200);
      expect(script.headers.get("content-type")).toMatch(/^text\/javascript/);
    } finally {
      prod.child.kill("SIGTERM");
      expect(await prod.exited).toBe(0);
    }
  });

  it("says what is wrong with the configuration, without a stack trace", async () => {
    const prod = startProd({ PORT: "not-a-port", STORE_URL: "mysql://db" });
    expect(await prod.exited).toBe(1);
    expect(prod.stderr()).toMatch(/PORT/);
    expect(prod.stderr()).toMatch(/STORE_URL/);
    expect(prod.stderr()).not.toMatch(/\n\s+at /);
  });
});
