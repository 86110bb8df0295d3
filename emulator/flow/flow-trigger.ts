import { Hono } from "hono";
import { Webhook } from "standardwebhooks";
import { DEMO_FLOW } from "../identities";

/**
 * A stand-in for a flow's "When an HTTP request is received" trigger. Like Power Automate it answers
 * 202 to a URL with the right `sig` and 401 without it; each accepted request becomes a recorded
 * run (what the flow would act on), with whether its Standard Webhooks signature checked out.
 */

export interface FlowRun {
  flow: string;
  receivedAt: string;
  webhookId: string | null;
  signatureValid: boolean;
  body: unknown;
}

export function createFlowRuns() {
  let runs: FlowRun[] = [];
  return {
    record: (run: FlowRun) => void runs.push(run),
    list: () => [...runs],
    clear: () => void (runs = []),
  };
}

export type FlowRuns = ReturnType<typeof createFlowRuns>;

export function createFlowTriggerRoutes(runs: FlowRuns): Hono {
  const app = new Hono();
  const webhook = new Webhook(DEMO_FLOW.secret);
  app.post("/:flow/triggers/manual/paths/invoke", async (c) => {
    const flow = c.req.param("flow");
    if (flow !== DEMO_FLOW.name || c.req.query("sig") !== DEMO_FLOW.sig)
      return c.json(
        { error: { code: "DirectApiAuthorizationRequired", message: "The request must be authenticated." } },
        401,
      );
    const text = await c.req.text();
    let signatureValid = true;
    try {
      webhook.verify(text, {
        "webhook-id": c.req.header("webhook-id") ?? "",
        "webhook-timestamp": c.req.header("webhook-timestamp") ?? "",
        "webhook-signature": c.req.header("webhook-signature") ?? "",
      });
    } catch {
      signatureValid = false;
    }
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // A flow takes any body; the run records it as text.
    }
    runs.record({
      flow,
      receivedAt: new Date().toISOString(),
      webhookId: c.req.header("webhook-id") ?? null,
      signatureValid,
      body,
    });
    return c.body(null, 202);
  });
  return app;
}
