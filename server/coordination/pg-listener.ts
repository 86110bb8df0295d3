import pg from "pg";
import type { Logger } from "../logger";
import { clientConfig, type PgTarget } from "../store/pg-connect";

/**
 * LISTENs on the store's event channel on a connection of its own. The payload is `jobId:seq`
 * only. A lost connection is re-established with backoff; `onConnected` then lets the hub catch
 * every viewer up from the table, since notifications sent meanwhile are gone.
 */
export function listenForEvents(
  target: PgTarget,
  channel: string,
  d: { onEvent(jobId: string, seq: number): void; onConnected(): void; logger: Logger },
) {
  let closed = false;
  let current: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let delayMs = 100;

  const retry = () => {
    if (closed) return;
    timer = setTimeout(connect, delayMs);
    timer.unref();
    delayMs = Math.min(delayMs * 2, 5_000);
  };

  function connect() {
    // The listener only ever reads: without TCP keepalive, a peer gone without a reset (a NAT or
    // load balancer dropping an idle flow, a failover) would leave it waiting forever, unseen.
    const client = new pg.Client({
      ...clientConfig(target, "listen"),
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    let listening = false;
    client.on("notification", (n) => {
      const at = n.payload?.lastIndexOf(":") ?? -1;
      if (at > 0) d.onEvent(n.payload!.slice(0, at), Number(n.payload!.slice(at + 1)));
    });
    // "end" follows every error; reconnect from there, once.
    client.on("error", (error) => d.logger.warn({ err: error }, "event listener lost its connection"));
    client.on("end", () => {
      if (!listening) return;
      current = undefined;
      retry();
    });
    client
      .connect()
      .then(() => client.query(`LISTEN ${client.escapeIdentifier(channel)}`))
      .then(
        () => {
          if (closed) return void client.end();
          listening = true;
          current = client;
          delayMs = 100;
          d.onConnected();
        },
        (error: unknown) => {
          d.logger.warn({ err: error }, "event listener cannot connect; retrying");
          void client.end().catch(() => undefined);
          retry();
        },
      );
  }

  connect();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      await current?.end().catch(() => undefined);
    },
  };
}
