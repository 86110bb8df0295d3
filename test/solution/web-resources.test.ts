import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assertValidWebResourceName, authRedirectPage } from "../../solution/src/web-resources";

const SOURCE = join(import.meta.dirname, "..", "..", "solution", "web-resources", authRedirectPage.name);

describe("web resource names", () => {
  it.each(["sample_/bgsync/authredirect.html", "sample_page.html", "sample_/a/b.c.js"])(
    "accepts %s",
    (name) => {
      expect(() => assertValidWebResourceName(name, "sample")).not.toThrow();
    },
  );

  it.each(["sample_/bgsync/auth-redirect.html", "sample_//x.html", "other_/x.html", "sample_/x y.html"])(
    "refuses %s",
    (name) => {
      expect(() => assertValidWebResourceName(name, "sample")).toThrow(/letters, digits, periods/);
    },
  );
});

describe("the MSAL redirect page", () => {
  it("loads no script at all, so it works offline and under any CSP", async () => {
    const html = await readFile(SOURCE, "utf8");
    expect(html).not.toMatch(/<script|src=|href=/i);
    expect(html).toMatch(/<meta charset="utf-8"/i);
  });
});
