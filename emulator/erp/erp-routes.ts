import { Hono } from "hono";
import { z } from "zod";
import type { Clock } from "../clock";
import type { Faults } from "../admin/faults";
import type { ErpStore } from "./erp-store";

const customerSchema = z.looseObject({ id: z.string().min(1), name: z.string() });
const bodySchema = z.object({ customers: z.array(customerSchema).max(5000) });

/**
 * The external system the sample plug-in syncs to. It is not Dataverse: no bearer token, plain JSON
 * errors. `POST /erp/v1/customers` upserts by id and answers which records it rejected.
 */
export function createErpRoutes(erp: ErpStore, faults: Faults, clock: Clock): Hono {
  const app = new Hono();
  app.post("/customers", async (c) => {
    erp.noteRequest();
    const failStatus = faults.takeErpFailure();
    if (failStatus !== undefined) {
      return c.json({ error: "injected failure" }, failStatus as 500);
    }
    await faults.erpGate.pass();
    const slow = faults.erpSlowMs();
    if (slow > 0) await clock.sleep(slow);
    const parsed = bodySchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: "body must be { customers: [{ id, name, ... }] }" }, 400);
    const rejectedIds = erp.upsert(parsed.data.customers, (id, index) => faults.erpRejects(id, index));
    return c.json({
      received: parsed.data.customers.length,
      accepted: parsed.data.customers.length - rejectedIds.length,
      rejected: rejectedIds.map((id) => ({ id, reason: "Rejected by the external system (injected)." })),
    });
  });
  app.get("/customers/:id", (c) => {
    const customer = erp.get(c.req.param("id"));
    return customer ? c.json(customer) : c.json({ error: "not found" }, 404);
  });
  return app;
}
