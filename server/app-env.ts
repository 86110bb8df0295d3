import type { HttpBindings } from "@hono/node-server";
import type { Principal } from "./auth/principal";

/** Hono environment of the API: Node bindings when served by @hono/node-server, absent under app.request(). */
export interface AppEnv {
  Bindings: Partial<HttpBindings>;
  Variables: { requestId: string; principal: Principal };
}
