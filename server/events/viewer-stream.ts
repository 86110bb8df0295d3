import type { Store } from "../store/store";
import { jobSnapshot } from "./job-snapshot";
import { encodeEvent, type EncodedEvent, type EventHub, type Viewer } from "./hub";
import type { Sink } from "./sse-sink";

/**
 * One viewer's stream of a job. It subscribes before reading the store so nothing published in
 * between is lost, then de-duplicates by sequence number: the viewer gets the whole job (or, with
 * Last-Event-ID, exactly the changes after it), then every later change once, in order, and the
 * stream ends after the terminal event.
 */
export async function streamJob(o: {
  jobId: string;
  lastEventId: number | null;
  /** Ends the stream after this long (the credential's remaining life); unbounded when absent. */
  endAfterMs?: number;
  store: Store;
  hub: EventHub;
  sink: Sink;
}): Promise<void> {
  const viewer = new ViewerStream(o.jobId, o.hub, o.sink, o.lastEventId);
  o.hub.subscribe(o.jobId, viewer);
  // An unnamed arrow: a named one (a class field, a const) is given its `name` by esbuild's keepNames
  // (tsx runs with it) in a 256-byte property store of its own, held for the connection's life.
  o.sink.onClose(() => viewer.end());
  if (o.endAfterMs !== undefined) viewer.expiry = setTimeout(expire, o.endAfterMs, viewer);

  if (o.lastEventId === null) {
    const snapshot = await jobSnapshot(o.store, o.jobId);
    if (snapshot) viewer.send(encodeEvent(snapshot, "job"));
  } else for (const e of await o.store.eventsAfter(o.jobId, o.lastEventId)) viewer.send(encodeEvent(e));
  viewer.goLive();
}

const expire = (viewer: ViewerStream) => viewer.end();

/**
 * Held for as long as the connection is open, thousands at a time: state in fields and behaviour
 * on the prototype, not a handful of closures per viewer (docs: BENCHMARKS.md, SSE heap).
 */
class ViewerStream implements Viewer {
  expiry: ReturnType<typeof setTimeout> | undefined;
  /** Events published while the first frames were read from the store; null once live. */
  private pending: EncodedEvent[] | null = [];
  private ended = false;
  /** -1: a job's first snapshot may carry sequence 0 (no event stored yet) and must still go out. */
  private lastSent: number;

  constructor(
    private readonly jobId: string,
    private readonly hub: EventHub,
    private readonly sink: Sink,
    lastEventId: number | null,
  ) {
    this.lastSent = lastEventId ?? -1;
  }

  deliver(e: EncodedEvent) {
    if (this.pending) this.pending.push(e);
    else this.send(e);
  }

  write(bytes: Uint8Array) {
    if (!this.ended) this.sink.write(bytes);
  }

  end() {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.expiry);
    this.hub.unsubscribe(this.jobId, this);
    this.sink.end();
  }

  send(e: EncodedEvent) {
    if (this.ended || e.seq <= this.lastSent) return;
    this.lastSent = e.seq;
    this.sink.write(e.frame);
    if (e.terminal) this.end();
  }

  goLive() {
    const pending = this.pending ?? [];
    this.pending = null;
    for (const e of pending) this.send(e);
    this.hub.resync?.(this.jobId);
  }

  /** For a shared hub (shared-hub.ts): where this viewer stands, once its first frames are sent. */
  lastSeq() {
    return this.pending ? null : this.lastSent;
  }
}
