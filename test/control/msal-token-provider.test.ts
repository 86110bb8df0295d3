import {
  BrowserAuthError,
  BrowserAuthErrorCodes,
  ClientConfigurationError,
  InteractionRequiredAuthError,
  ServerError,
  type AccountInfo,
  type AuthenticationResult,
} from "@azure/msal-browser";
import { describe, expect, it, vi } from "vitest";
import { createMsalTokenProvider, type MsalClient } from "../../control/auth/msal-token-provider";
import { SignInRequiredError } from "../../control/auth/token-provider";

const auth = {
  clientId: "client-1",
  authority: "https://login.microsoftonline.com/tenant-1",
  scope: "api://bgsync/Jobs.ReadWrite",
  redirectUri: null,
};
const account = { homeAccountId: "h", username: "alex@contoso.example" } as AccountInfo;

function result(token: string, minutes = 60): AuthenticationResult {
  return {
    accessToken: token,
    account,
    expiresOn: new Date(Date.now() + minutes * 60_000),
  } as AuthenticationResult;
}

/** A fake PublicClientApplication: records calls, answers what each test scripts. */
function fakeMsal() {
  const client = {
    initialize: vi.fn(() => Promise.resolve()),
    ssoSilent: vi.fn<MsalClient["ssoSilent"]>(),
    acquireTokenSilent: vi.fn<MsalClient["acquireTokenSilent"]>(),
    acquireTokenPopup: vi.fn<MsalClient["acquireTokenPopup"]>(),
  };
  const create = vi.fn(() => client as unknown as MsalClient);
  return { client, create };
}

describe("MSAL token provider", () => {
  it("gets a token silently with the user's UPN as login hint, in memory only", async () => {
    const { client, create } = fakeMsal();
    client.ssoSilent.mockResolvedValue(result("t1"));
    const hint = vi.fn(() => Promise.resolve("alex@contoso.example"));
    const provider = createMsalTokenProvider(auth, hint, create);
    expect(await provider.getToken()).toBe("t1");
    expect(client.ssoSilent).toHaveBeenCalledWith({
      scopes: [auth.scope],
      loginHint: "alex@contoso.example",
    });
    expect(create).toHaveBeenCalledWith({
      auth: {
        clientId: "client-1",
        authority: auth.authority,
        knownAuthorities: ["login.microsoftonline.com"],
        redirectUri: window.location.origin,
      },
      cache: { cacheLocation: "memoryStorage" },
    });
    expect(client.initialize).toHaveBeenCalledOnce();
  });

  it("reuses a token until shortly before it expires, then renews it for the same account", async () => {
    const { client, create } = fakeMsal();
    client.ssoSilent.mockResolvedValue(result("t1", 30));
    const provider = createMsalTokenProvider(auth, () => Promise.resolve("alex@contoso.example"), create);
    await provider.getToken();
    expect(await provider.getToken()).toBe("t1");
    expect(client.ssoSilent).toHaveBeenCalledOnce();

    const soon = createMsalTokenProvider(auth, () => Promise.resolve("alex@contoso.example"), create);
    client.ssoSilent.mockResolvedValue(result("t2", 0.5));
    client.acquireTokenSilent.mockResolvedValue(result("t3"));
    await soon.getToken();
    expect(await soon.getToken()).toBe("t3");
    expect(client.acquireTokenSilent).toHaveBeenCalledWith({
      scopes: [auth.scope],
      account,
      forceRefresh: false,
    });
  });

  it("asks for sign-in when silent fails with interaction required, and signs in with a popup", async () => {
    const { client, create } = fakeMsal();
    client.ssoSilent.mockRejectedValue(new InteractionRequiredAuthError("login_required"));
    client.acquireTokenPopup.mockResolvedValue(result("popup-token"));
    const provider = createMsalTokenProvider(auth, () => Promise.resolve("alex@contoso.example"), create);
    await expect(provider.getToken()).rejects.toBeInstanceOf(SignInRequiredError);
    await provider.signIn();
    expect(client.acquireTokenPopup).toHaveBeenCalledWith({
      scopes: [auth.scope],
      loginHint: "alex@contoso.example",
    });
    expect(await provider.getToken()).toBe("popup-token");
  });

  it("asks for sign-in when the user's UPN cannot be read", async () => {
    const { client, create } = fakeMsal();
    const provider = createMsalTokenProvider(auth, () => Promise.reject(new Error("403")), create);
    await expect(provider.getToken()).rejects.toBeInstanceOf(SignInRequiredError);
    expect(client.ssoSilent).not.toHaveBeenCalled();
  });

  it("passes other failures through (a network error is not a reason to sign in)", async () => {
    const { client, create } = fakeMsal();
    client.ssoSilent.mockRejectedValue(new TypeError("Failed to fetch"));
    const provider = createMsalTokenProvider(auth, () => Promise.resolve("alex@contoso.example"), create);
    await expect(provider.getToken()).rejects.toBeInstanceOf(TypeError);
  });

  it.each([
    ["a blocked popup", new BrowserAuthError(BrowserAuthErrorCodes.emptyWindowError), "blocked"],
    ["a closed popup", new BrowserAuthError(BrowserAuthErrorCodes.userCancelled), "needed"],
    ["Entra saying no", new ServerError("invalid_scope", "AADSTS650053: ..."), "refused"],
    ["an authority MSAL cannot trust", new ClientConfigurationError("untrusted_authority"), "unavailable"],
  ])("says why sign-in failed: %s", async (_, error, why) => {
    const { client, create } = fakeMsal();
    client.acquireTokenPopup.mockRejectedValue(error);
    const provider = createMsalTokenProvider(auth, () => Promise.resolve("alex@contoso.example"), create);
    await expect(provider.signIn()).rejects.toMatchObject({ name: "SignInRequiredError", why });
  });

  it("asks MSAL once for concurrent callers, and again with forceRefresh when the API refused the token", async () => {
    const { client, create } = fakeMsal();
    client.ssoSilent.mockResolvedValue(result("t1"));
    client.acquireTokenSilent.mockResolvedValue(result("t2"));
    const provider = createMsalTokenProvider(auth, () => Promise.resolve("alex@contoso.example"), create);
    expect(await Promise.all([provider.getToken(), provider.getToken()])).toEqual(["t1", "t1"]);
    expect(client.ssoSilent).toHaveBeenCalledOnce();
    expect(await provider.getToken({ forceRefresh: true })).toBe("t2");
    expect(client.acquireTokenSilent).toHaveBeenCalledWith({
      scopes: [auth.scope],
      account,
      forceRefresh: true,
    });
  });
});
