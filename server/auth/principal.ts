import { problems } from "../problem";

/** The person a request acts for: from the access token, or the configured developer in AUTH_MODE=none. */
export interface Principal {
  objectId: string;
  name: string;
  /** App roles from the token's `roles` claim (DEV_USER_ROLES in AUTH_MODE=none). */
  roles?: readonly string[];
  /** When the access token it came from expires (ms since the epoch); absent in AUTH_MODE=none. */
  expiresAt?: number;
}

/** 403 unless the caller holds the admin app role (ADMIN_ROLE, the token's `roles` claim). */
export function requireAdmin(principal: Principal, adminRole: string, action: string): void {
  if (!principal.roles?.includes(adminRole))
    throw problems.forbidden(`Only callers with the ${adminRole} app role may ${action}.`);
}
