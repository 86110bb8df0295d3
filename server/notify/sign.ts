import { Webhook } from "standardwebhooks";

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com/), done by its maintained library.
 * With two secrets (a rotation) the signature header carries one `v1,` signature per secret,
 * space-separated; a receiver that knows either secret accepts the delivery.
 */
export function createWebhookSigner(secrets: readonly string[]) {
  const webhooks = secrets.map((secret) => new Webhook(secret));
  return function headersFor(id: string, at: Date, body: string): Record<string, string> {
    return {
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": webhooks.map((w) => w.sign(id, at, body)).join(" "),
    };
  };
}

export type WebhookSigner = ReturnType<typeof createWebhookSigner>;
