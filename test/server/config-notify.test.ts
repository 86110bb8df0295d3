import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../server/config";

const SECRET = "whsec_5SUP2RYtlaxEaPddyRYZg3izK58hP6VA";
const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe("notification configuration", () => {
  it("reads receivers from JSON or from a file, with every outcome by default", () => {
    const receivers = [{ name: "flow", url: "https://prod.example/invoke?sig=x", secrets: [SECRET] }];
    const dir = mkdtempSync(join(tmpdir(), "bgsync-config-"));
    try {
      const file = join(dir, "receivers.json");
      writeFileSync(file, JSON.stringify(receivers));
      for (const value of [JSON.stringify(receivers), file])
        expect(loadConfig({ NOTIFY_RECEIVERS: value }).notify.receivers).toEqual([
          { ...receivers[0], outcomes: ["succeeded", "failed", "canceled"] },
        ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(loadConfig({}).notify).toMatchObject({
      receivers: [],
      urlOrigins: [],
      retryWindowMs: 24 * 3600_000,
    });
  });

  it("lists every receiver problem at once, without echoing secrets", () => {
    const problems = problemsOf({
      NOTIFY_RECEIVERS: JSON.stringify([
        { name: "a", url: "http://flows.example/x", secrets: [SECRET] },
        { name: "a", url: "https://flows.example/y", secrets: [SECRET, SECRET, SECRET] },
        { name: "b", url: "https://flows.example/z", secrets: ["hunter2"], outcomes: ["done"] },
      ]),
    });
    expect(problems.join("\n")).not.toContain("hunter2");
    expect(problems).toEqual([
      "NOTIFY_RECEIVERS.1.secrets: Too big: expected array to have <=2 items",
      "NOTIFY_RECEIVERS.2.secrets.0: a whsec_ secret: whsec_ and the base64 of 24+ random bytes",
      'NOTIFY_RECEIVERS.2.outcomes.0: Invalid option: expected one of "succeeded"|"failed"|"canceled"',
    ]);
    expect(
      problemsOf({
        NOTIFY_RECEIVERS: JSON.stringify([
          { name: "a", url: "http://flows.example/x", secrets: [SECRET] },
          { name: "a", url: "http://127.0.0.1:9/y", secrets: [SECRET] },
        ]),
        NOTIFY_URL_ORIGINS: "https://flows.example",
      }),
    ).toEqual([
      "NOTIFY_RECEIVERS: receiver names must be unique (a)",
      "NOTIFY_RECEIVERS: a must use https (only loopback may use http)",
      "NOTIFY_URL_ORIGINS needs NOTIFY_URL_SECRETS to sign deliveries to per-job URLs",
    ]);
  });

  it("refuses a receiver named like the per-job URL's rows, and one whose URL carries credentials", () => {
    expect(
      problemsOf({
        NOTIFY_RECEIVERS: JSON.stringify([
          { name: "notifyUrl", url: "https://flows.example/x", secrets: [SECRET] },
          { name: "b", url: "https://flow:pass@flows.example/y?sig=s", secrets: [SECRET] },
        ]),
      }),
    ).toEqual([
      "NOTIFY_RECEIVERS.0.name: notifyUrl is the per-job URL's name",
      "NOTIFY_RECEIVERS.1.url: no user name or password: the receiver checks the signature",
    ]);
  });

  it("makes the AUTH_MODE=none developer an admin only when DEV_USER_ROLES says so", () => {
    expect(loadConfig({ AUTH_MODE: "none" }).auth.devUser.roles).toEqual([]);
    const c = loadConfig({ AUTH_MODE: "none", DEV_USER_ROLES: "BackgroundSync.Admin" });
    expect(c.auth.devUser.roles).toEqual(["BackgroundSync.Admin"]);
    expect(c.auth.adminRole).toBe("BackgroundSync.Admin");
  });
});
