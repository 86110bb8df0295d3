import type { Logger } from "../logger";
import type { Store } from "../store/store";
import { encodeEvent, type EventHub, type Viewer } from "./hub";

/**
 * The event hub when several instances share one database. Any instance may save a job's next
 * event, so a signal (this instance's save, or another's through LISTEN/NOTIFY, both naming only
 * the job and the sequence) is never delivered as is: the job's events after the oldest position
 * among its viewers here are read from the table, in order, and each viewer keeps those it lacks.
 * A viewer counts once its backlog is sent (`lastSeq` not null); going live it asks for a resync,
 * as the hub does for every watched job when its listener reconnects. One read per job at a time;
 * signals meanwhile coalesce into one more read.
 */
export interface SharedHub extends EventHub {
  /** An event `seq` of `jobId` was stored somewhere (Infinity: something may have been). */
  signal(jobId: string, seq: number): void;
  /** Catch every watched job up from the store (after the listener lost its connection). */
  resyncAll(): void;
}

const RETRY_MS = 1000;

export function createSharedHub(local: EventHub, d: { store: Store; logger: Logger }): SharedHub {
  const viewers = new Map<string, Set<Viewer>>();
  const reading = new Map<string, { again: boolean }>();
  const live = (set: Iterable<Viewer>) => [...set].filter((v) => (v.lastSeq?.() ?? null) !== null);

  /** Reads and delivers until no signal came meanwhile; leaves `reading` with no await in between. */
  async function catchUp(jobId: string, state: { again: boolean }) {
    try {
      do {
        state.again = false;
        const targets = live(viewers.get(jobId) ?? []);
        if (!targets.length) break;
        const from = Math.min(...targets.map((v) => v.lastSeq!()!));
        for (const e of await d.store.eventsAfter(jobId, from)) {
          const encoded = encodeEvent(e);
          for (const v of targets) v.deliver(encoded);
        }
      } while (state.again);
    } finally {
      reading.delete(jobId);
    }
  }

  function signal(jobId: string, seq: number) {
    const targets = live(viewers.get(jobId) ?? []);
    if (!targets.length || seq <= Math.min(...targets.map((v) => v.lastSeq!()!))) return;
    const running = reading.get(jobId);
    if (running) return void (running.again = true);
    const state = { again: false };
    reading.set(jobId, state);
    catchUp(jobId, state).catch((error: unknown) => {
      d.logger.warn({ jobId, err: error }, "reading a job's events failed; retrying");
      setTimeout(() => signal(jobId, Infinity), RETRY_MS).unref();
    });
  }

  return {
    signal,
    resyncAll: () => [...viewers.keys()].forEach((jobId) => signal(jobId, Infinity)),
    publish: (event) => signal(event.jobId, event.seq),
    resync: (jobId) => signal(jobId, Infinity),
    subscribe(jobId, viewer) {
      let set = viewers.get(jobId);
      if (!set) viewers.set(jobId, (set = new Set()));
      set.add(viewer);
      // The local hub keeps the heartbeat, the count and the shutdown; it never publishes here.
      local.subscribe(jobId, viewer);
    },
    unsubscribe(jobId, viewer) {
      local.unsubscribe(jobId, viewer);
      const set = viewers.get(jobId);
      if (set?.delete(viewer) && set.size === 0) viewers.delete(jobId);
    },
    viewerCount: () => local.viewerCount(),
    closeAll: () => local.closeAll(),
  };
}
