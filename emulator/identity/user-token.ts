import { z } from "zod";
import type { EmulatorContext } from "../context";
import { findUserByObjectId } from "../seed/system-users";
import { COMPANION_API_AUDIENCE, COMPANION_API_SCOPE, DEMO_USER, EMULATOR_TENANT_ID } from "../identities";
import { issueToken } from "./issue-token";

export const userTokenSchema = z.strictObject({
  objectId: z.string().optional(),
  audience: z.string().optional(),
  scopes: z.array(z.string()).optional(),
  /** Negative values mint an already expired token (for the API's 401 tests). */
  expiresInSeconds: z.int().optional(),
  tenantId: z.string().optional(),
});

/**
 * A delegated user token for the companion API, as MSAL would obtain in the browser. Test/demo
 * only: it stands in for the interactive sign-in the emulator does not have.
 */
export async function mintUserToken(ctx: EmulatorContext, request: z.infer<typeof userTokenSchema>) {
  const objectId = request.objectId ?? DEMO_USER.objectId;
  const user = findUserByObjectId(objectId);
  const expiresIn = request.expiresInSeconds ?? 3600;
  const access_token = await issueToken(ctx.keys, {
    baseUrl: ctx.base.url,
    tenantId: request.tenantId ?? EMULATOR_TENANT_ID,
    audience: request.audience ?? COMPANION_API_AUDIENCE,
    expiresInSeconds: expiresIn,
    claims: {
      oid: objectId,
      sub: objectId,
      preferred_username: user?.domainname ?? `${objectId}@emulator.example`,
      name: user?.fullname ?? "Emulator User",
      scp: (request.scopes ?? [COMPANION_API_SCOPE]).join(" "),
      azp: "bgsync-control",
    },
  });
  return { token_type: "Bearer", expires_in: expiresIn, access_token };
}
