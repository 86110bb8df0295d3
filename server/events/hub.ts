import type { StoredEvent } from "../store/store";

/**
 * In-process fan-out of job events to SSE viewers. Each event is encoded into its wire frame once
 * and the same bytes are written to every viewer: the cost per viewer is one socket write, not one
 * JSON.stringify plus a per-connection stream helper. A single timer sends every heartbeat.
 */

export interface EncodedEvent {
  seq: number;
  terminal: boolean;
  frame: Uint8Array;
}

export interface Viewer {
  deliver(event: EncodedEvent): void;
  /** Writes raw bytes (heartbeats, shutdown notice). */
  write(bytes: Uint8Array): void;
  end(): void;
  /** The last sequence sent, or null while the backlog is still being read (shared-hub.ts). */
  lastSeq?(): number | null;
}

export interface EventHub {
  publish(event: StoredEvent): void;
  subscribe(jobId: string, viewer: Viewer): void;
  /** Idempotent: a viewer that ends for several reasons at once is counted out once. */
  unsubscribe(jobId: string, viewer: Viewer): void;
  viewerCount(): number;
  /** A viewer has sent its backlog: deliver what was stored meanwhile (only a shared hub needs it). */
  resync?(jobId: string): void;
  /** Ends every stream; browsers' EventSource then reconnects, to another instance if this one is going. */
  closeAll(): void;
}

const encoder = new TextEncoder();
export const PING = encoder.encode(": ping\n\n");
const GOODBYE = encoder.encode(": server shutting down, reconnect\n\n");

/** `job`: the whole job (a viewer's first frame); `change`: what one stored event changed. */
export type EventName = "job" | "change";

export function encodeEvent(
  e: Pick<StoredEvent, "seq" | "data" | "terminal">,
  name: EventName = "change",
): EncodedEvent {
  return {
    seq: e.seq,
    terminal: e.terminal,
    frame: encoder.encode(`id: ${e.seq}\nevent: ${name}\ndata: ${e.data}\n\n`),
  };
}

export function createEventHub(options: { heartbeatMs: number }): EventHub {
  const viewers = new Map<string, Set<Viewer>>();
  let count = 0;
  const heartbeat = setInterval(() => {
    for (const set of viewers.values()) for (const v of set) v.write(PING);
  }, options.heartbeatMs);
  heartbeat.unref();

  return {
    publish(event) {
      const set = viewers.get(event.jobId);
      if (!set?.size) return;
      const encoded = encodeEvent(event);
      for (const v of [...set]) v.deliver(encoded);
    },
    subscribe(jobId, viewer) {
      let set = viewers.get(jobId);
      if (!set) viewers.set(jobId, (set = new Set()));
      if (!set.has(viewer)) count++;
      set.add(viewer);
    },
    // A method, not a closure per subscription: thousands of open streams each hold one.
    unsubscribe(jobId, viewer) {
      const set = viewers.get(jobId);
      if (!set?.delete(viewer)) return;
      count--;
      if (set.size === 0) viewers.delete(jobId);
    },
    viewerCount: () => count,
    closeAll() {
      clearInterval(heartbeat);
      for (const set of viewers.values())
        for (const v of [...set]) {
          v.write(GOODBYE);
          v.end();
        }
    },
  };
}
