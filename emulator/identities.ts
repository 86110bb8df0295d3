/**
 * Well-known identities of the emulator's tenant (the contract's "Fixed addresses and identities").
 * Everything here is public demo material: no secret in this file protects anything real.
 */

export const EMULATOR_TENANT_ID = "7a3b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

/** The companion API's app registration; its application user acts for people via CallerObjectId. */
export const SERVER_APP = {
  clientId: "5f1e2d3c-0b1a-4c2d-9e8f-7a6b5c4d3e2f",
  clientSecret: "emulator-secret",
} as const;

/** The application user that Dataverse creates for SERVER_APP (systemuser with an applicationid). */
export const SERVER_APP_USER = {
  objectId: "3d5f7b9c-2e4a-4b6c-8d0e-1f3a5c7e9b2d",
  systemUserId: "8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d",
  fullName: "# bgsync companion API",
} as const;

/** The demo person: signed in on the form page, and the default user of minted user tokens. */
export const DEMO_USER = {
  objectId: "2c4e6a8b-1d3f-4a5b-8c7d-0e1f2a3b4c5d",
  systemUserId: "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
  domainName: "alex@contoso.example",
  fullName: "Alex Wilber",
} as const;

/** A second person, so tests can check that one user does not see another's operations. */
export const OTHER_USER = {
  objectId: "6e8a0c2e-4b6d-4f8a-9c1e-3a5c7e9b1d3f",
  systemUserId: "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
  domainName: "megan@contoso.example",
  fullName: "Megan Bowen",
} as const;

export const COMPANION_API_AUDIENCE = "api://bgsync";

/** The delegated scope the companion API expects in user tokens. */
export const COMPANION_API_SCOPE = "Jobs.ReadWrite";

/**
 * The stand-in for a Power Automate flow's "When an HTTP request is received" trigger: its name,
 * the `sig` its URL carries (Power Automate's shared access signature) and the Standard Webhooks
 * secret the companion API signs its deliveries with.
 */
export const DEMO_FLOW = {
  name: "sync-finished",
  sig: "emulator-flow-sig-0123456789abcdef",
  secret: "whsec_ZGVtby1mbG93LXNlY3JldC1ub3QtZm9yLXByb2R1Y3Rpb24=",
} as const;

/**
 * The companion API's own app registration (the resource people's tokens are for). It asks for v2
 * access tokens (`requestedAccessTokenVersion: 2`), so `aud` is its client id, not the identifier URI.
 */
export const COMPANION_API_APP = {
  clientId: "0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f",
  identifierUri: COMPANION_API_AUDIENCE,
  scopes: [COMPANION_API_SCOPE, "Jobs.Read"],
} as const;

/**
 * The control's single-page-app registration: public client, redirect URIs of type SPA. The
 * solution's redirect web resource on the org's origin is registered; options may add more.
 */
export const CONTROL_APP = {
  clientId: "4b3a2c1d-9e8f-4a7b-b6c5-d4e3f2a1b0c9",
  redirectPath: "/WebResources/sample_/bgsync/authredirect.html",
} as const;
