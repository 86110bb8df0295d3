import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createHarness } from "./support/harness";

let h: ReturnType<typeof createHarness> | undefined;
afterEach(() => h?.close());

describe("one version", () => {
  const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

  it("the control manifest carries package.json's version", () => {
    const manifest = readFileSync("ControlManifest.Input.xml", "utf8");
    expect(/<control [^>]*\bversion="([^"]+)"/.exec(manifest)?.[1]).toBe(version);
  });

  it("the OpenAPI document says package.json's version", async () => {
    h = createHarness();
    const doc = (await (await h.get("/openapi.json")).json()) as { info: { version: string } };
    expect(doc.info.version).toBe(version);
  });
});
