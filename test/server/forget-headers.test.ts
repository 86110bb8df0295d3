import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { forgetHeaders } from "../../server/events/forget-headers";

describe("forgetHeaders, with the installed @hono/node-server", () => {
  let server: ServerType | undefined;
  afterEach(() => server?.close());

  it("drops the Headers a request built, and the request still reads them when asked again", async () => {
    const app = new Hono().get("/", (c) => {
      const before = c.req.header("x-probe");
      const forgot = forgetHeaders(c.req.raw);
      return c.json({ before, forgot, after: c.req.raw.headers.get("x-probe") });
    });
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) =>
        resolve(info.port),
      );
    });
    const response = await fetch(`http://127.0.0.1:${port}/`, { headers: { "x-probe": "42" } });
    expect(await response.json()).toEqual({ before: "42", forgot: true, after: "42" });
  });
});
