import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../server/config";
import { CONFIG_VARIABLES } from "../../server/config-schema";

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe("loadConfig", () => {
  it("works with no configuration at all, against the emulator on loopback", () => {
    const c = loadConfig({});
    expect(c.port).toBe(7072);
    expect(c.host).toBe("127.0.0.1");
    expect(c.publicBaseUrl).toBe("http://127.0.0.1:7072");
    expect(c.dataverse.url).toBe("http://127.0.0.1:7071");
    expect(c.dataverse.clientId).toBe("5f1e2d3c-0b1a-4c2d-9e8f-7a6b5c4d3e2f");
    expect(c.auth.mode).toBe("entra");
    expect(c.auth.issuer).toBe("http://127.0.0.1:7071/7a3b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/v2.0");
    expect(c.auth.jwksUrl).toBe(
      "http://127.0.0.1:7071/7a3b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/discovery/v2.0/keys",
    );
    expect(c.auth.audience).toBe("api://bgsync");
    expect(c.allowedOrigins).toEqual(["http://127.0.0.1:7071", "http://localhost:7071"]);
    expect(c.allowedCustomApis).toEqual(["sample_SyncRecordsToExternalSystem"]);
    expect(c.callbacks.keys).toHaveLength(1);
    expect(c.reconciler.pollFloorSeconds).toBe(60);
    expect(c.sseHeartbeatSeconds).toBe(15);
  });

  it("parses lists and rotating signing keys, first key signs", () => {
    const c = loadConfig({
      ALLOWED_ORIGINS: "https://contoso.crm.dynamics.com/, https://fabrikam.crm4.dynamics.com",
      CALLBACK_SIGNING_KEYS: "k2:second-secret-0123456789,k1:first-secret-0123456789",
      ALLOWED_CUSTOM_APIS: "a_One, b_Two",
    });
    expect(c.allowedOrigins).toEqual([
      "https://contoso.crm.dynamics.com",
      "https://fabrikam.crm4.dynamics.com",
    ]);
    expect(c.callbacks.keys.map((k) => k.kid)).toEqual(["k2", "k1"]);
    expect(c.allowedCustomApis).toEqual(["a_One", "b_Two"]);
  });

  it("reports every invalid variable at once", () => {
    const problems = problemsOf({
      PORT: "http",
      DATAVERSE_URL: "nope",
      AUTH_MODE: "maybe",
      STORE_URL: "mysql://x",
    });
    expect(problems).toHaveLength(4);
    expect(problems.join("\n")).toMatch(/PORT/);
    expect(problems.join("\n")).toMatch(/DATAVERSE_URL/);
    expect(problems.join("\n")).toMatch(/AUTH_MODE/);
    expect(problems.join("\n")).toMatch(/STORE_URL/);
  });

  it("reports the rules across variables with the invalid ones, leaving out rules that read those", () => {
    const problems = problemsOf({
      PORT: "abc",
      HOST: "0.0.0.0",
      AUTH_MODE: "none",
      DATAVERSE_AUTH: "client-secret",
      DATAVERSE_URL: "https://org.crm.dynamics.com",
    });
    expect(problems).toEqual([
      "PORT: Invalid input: expected number, received NaN",
      "AUTH_MODE=none is only allowed when HOST and PUBLIC_BASE_URL are loopback (HOST=0.0.0.0, PUBLIC_BASE_URL=http://0.0.0.0:7072)",
      "CALLBACK_SIGNING_KEYS is required unless HOST and PUBLIC_BASE_URL are loopback and DATAVERSE_AUTH=emulator",
      "DATAVERSE_AUTH=client-secret needs AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET",
    ]);
    // AUTH_MODE itself invalid: the rule about AUTH_MODE=none would judge the default, so it is left out.
    expect(problemsOf({ AUTH_MODE: "maybe", HOST: "0.0.0.0" })).toEqual([
      expect.stringMatching(/^AUTH_MODE: /),
      "CALLBACK_SIGNING_KEYS is required unless HOST and PUBLIC_BASE_URL are loopback and DATAVERSE_AUTH=emulator",
    ]);
  });

  it("refuses AUTH_MODE=none off loopback, and the dev signing key with it", () => {
    const problems = problemsOf({ HOST: "0.0.0.0", AUTH_MODE: "none" });
    expect(problems).toEqual([
      "AUTH_MODE=none is only allowed when HOST and PUBLIC_BASE_URL are loopback (HOST=0.0.0.0, PUBLIC_BASE_URL=http://0.0.0.0:7072)",
      "CALLBACK_SIGNING_KEYS is required unless HOST and PUBLIC_BASE_URL are loopback and DATAVERSE_AUTH=emulator",
    ]);
    expect(loadConfig({ HOST: "127.0.0.1", AUTH_MODE: "none" }).auth.mode).toBe("none");
  });

  it("treats a loopback HOST behind a public PUBLIC_BASE_URL (reverse proxy) as public", () => {
    const problems = problemsOf({
      HOST: "127.0.0.1",
      PUBLIC_BASE_URL: "https://bgsync.contoso.com",
      AUTH_MODE: "none",
    });
    expect(problems).toEqual([
      "AUTH_MODE=none is only allowed when HOST and PUBLIC_BASE_URL are loopback (HOST=127.0.0.1, PUBLIC_BASE_URL=https://bgsync.contoso.com)",
      "CALLBACK_SIGNING_KEYS is required unless HOST and PUBLIC_BASE_URL are loopback and DATAVERSE_AUTH=emulator",
    ]);
    // With keys and Entra auth the same deployment is fine, and signs with its own key.
    const c = loadConfig({
      HOST: "127.0.0.1",
      PUBLIC_BASE_URL: "https://bgsync.contoso.com",
      CALLBACK_SIGNING_KEYS: "k1:first-secret-0123456789",
    });
    expect(c.callbacks.keys).toEqual([{ kid: "k1", secret: "first-secret-0123456789" }]);
    // Loopback PUBLIC_BASE_URL (IPv6 or localhost) keeps the dev defaults.
    expect(
      loadConfig({ AUTH_MODE: "none", PUBLIC_BASE_URL: "http://[::1]:7072" }).callbacks.keys[0]?.kid,
    ).toBe("dev");
    expect(loadConfig({ AUTH_MODE: "none", PUBLIC_BASE_URL: "http://localhost:7072" }).auth.mode).toBe(
      "none",
    );
  });

  it("uses the public dev signing key only against the emulator", () => {
    const problems = problemsOf({
      DATAVERSE_AUTH: "client-secret",
      DATAVERSE_URL: "https://contoso.crm.dynamics.com",
      AZURE_TENANT_ID: "t",
      AZURE_CLIENT_ID: "c",
      AZURE_CLIENT_SECRET: "s",
    });
    expect(problems).toEqual([
      "CALLBACK_SIGNING_KEYS is required unless HOST and PUBLIC_BASE_URL are loopback and DATAVERSE_AUTH=emulator",
    ]);
  });

  it("requires credentials for real Dataverse environments", () => {
    const problems = problemsOf({
      DATAVERSE_AUTH: "client-secret",
      DATAVERSE_URL: "https://contoso.crm.dynamics.com",
    });
    expect(problems.join("\n")).toMatch(/AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET/);
  });

  it("rejects short signing secrets", () => {
    expect(problemsOf({ CALLBACK_SIGNING_KEYS: "k1:short" }).join()).toMatch(/CALLBACK_SIGNING_KEYS/);
  });
});

describe("the configuration reference", () => {
  it("documents every variable the API reads in server/README.md", () => {
    const readme = readFileSync("server/README.md", "utf8");
    expect(CONFIG_VARIABLES.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });
});
