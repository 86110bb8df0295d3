import { Hono } from "hono";
import type { EmulatorContext } from "../context";
import { mintUserToken, userTokenSchema } from "../identity/user-token";
import { faultsSchema } from "./faults";

/** Everything `POST /_emulator/reset` returns to the state of a fresh start (seeded accounts stay). */
export function resetEmulator(ctx: EmulatorContext): void {
  ctx.queue.reset();
  ctx.operations.clear();
  ctx.callbacks.reset();
  ctx.erp.clear();
  ctx.flowRuns.clear();
  ctx.faults.clear();
  ctx.counters.reset();
  ctx.throttle.reset();
  ctx.grants.clear();
}

/**
 * The admin API (test and demo mode only), documented in emulator/README.md. It is not Dataverse:
 * no token needed, plain JSON, problems as `{ error }` with 400.
 */
export function createAdminRoutes(ctx: EmulatorContext): Hono {
  const app = new Hono();
  app.get("/counters", (c) => c.json(ctx.counters.snapshot()));
  app.get("/erp", (c) => c.json(ctx.erp.stats()));
  app.get("/callbacks", (c) => c.json({ value: ctx.callbacks.log() }));
  app.get("/flows/runs", (c) => c.json({ value: ctx.flowRuns.list() }));
  app.get("/sign-ins", (c) => c.json({ value: ctx.grants.log() }));
  app.post("/reset", (c) => {
    resetEmulator(ctx);
    return c.json({ reset: true });
  });
  app.get("/faults", (c) => c.json(ctx.faults.snapshot()));
  app.post("/faults", async (c) => {
    const parsed = faultsSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: parsed.error.issues }, 400);
    ctx.faults.arm(parsed.data);
    return c.json(ctx.faults.snapshot());
  });
  app.delete("/faults", (c) => {
    ctx.faults.clear();
    return c.json(ctx.faults.snapshot());
  });
  app.post("/tokens/user", async (c) => {
    const parsed = userTokenSchema.safeParse(await c.req.json().catch(() => ({})));
    if (!parsed.success) return c.json({ error: parsed.error.issues }, 400);
    return c.json(await mintUserToken(ctx, parsed.data));
  });
  return app;
}
