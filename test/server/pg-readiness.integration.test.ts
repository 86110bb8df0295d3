import { spawn } from "node:child_process";
import { createServer, connect, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../server/start";
import { createFakeDataverse } from "./support/fake-dataverse";
import { testConfig } from "./support/harness";
import { pgSchema, pgSkipReason } from "./support/pg";

/**
 * The database as an operator meets it: unreachable at start is a readable configuration problem
 * (no stack trace), and a database that goes away later turns /readyz false until it is back.
 */

const skip = await pgSkipReason();
if (skip) console.warn(skip);

/** A TCP relay to PostgreSQL that the test can cut and restore, on the same port. */
function relay() {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  return {
    get port() {
      return port;
    },
    async open() {
      server = createServer((inbound) => {
        const outbound = connect(5432, "127.0.0.1");
        for (const s of [inbound, outbound]) {
          sockets.add(s);
          s.on("error", () => undefined).on("close", () => sockets.delete(s));
        }
        inbound.pipe(outbound).pipe(inbound);
      });
      await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
      port = (server.address() as { port: number }).port;
    },
    async cut() {
      const closed = new Promise((resolve) => server!.close(resolve));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

describe.skipIf(skip !== undefined)("PostgreSQL availability", () => {
  let api: RunningServer | undefined;
  const schema = pgSchema();
  afterEach(async () => {
    await api?.close();
    await schema.drop();
  });

  it("refuses to start on an unreachable database with one readable line, and exits 1", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      env: {
        ...process.env,
        STORE_URL: "postgres://postgres@127.0.0.1:1/test",
        PORT: "0",
        AUTH_MODE: "none",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^Invalid configuration:\n- STORE_URL: cannot use PostgreSQL at 127\.0\.0\.1:1\/test \(.+\)\n$/,
    );
  });

  it("is not ready while the database is away, and ready again once it is back", async () => {
    const link = relay();
    await link.open();
    const url = schema.storeUrl.replace("127.0.0.1:5432", `127.0.0.1:${link.port}`);
    api = await startServer(testConfig({ STORE_URL: url }), { dataverse: createFakeDataverse() });
    const ready = async () => {
      const res = await fetch(`${api!.url}/readyz`);
      return { status: res.status, body: (await res.json()) as { checks?: { store: string } } };
    };
    expect((await ready()).status).toBe(200);

    await link.cut();
    const away = await ready();
    expect(away.status).toBe(503);
    expect(away.body.checks).toEqual({ store: "failing", dataverse: "ok" });

    await link.open();
    expect((await ready()).status).toBe(200);
  });
});
