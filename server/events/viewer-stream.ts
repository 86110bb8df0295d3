import type { Store } from "../store/store";
import { encodeEvent, type EncodedEvent, type EventHub } from "./hub";
import type { Sink } from "./sse-sink";

/**
 * One viewer's stream of a job. It subscribes before reading the store so nothing published in
 * between is lost, then de-duplicates by sequence number: the viewer gets the current job (or,
 * with Last-Event-ID, exactly the events after it), then every later event once, in order, and
 * the stream ends after the terminal event.
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
  let lastSent = o.lastEventId ?? 0;
  let live = false;
  let ended = false;
  let expiry: ReturnType<typeof setTimeout> | undefined;
  const pending: EncodedEvent[] = [];

  const finish = () => {
    if (ended) return;
    ended = true;
    clearTimeout(expiry);
    unsubscribe();
    o.sink.end();
  };
  const send = (e: EncodedEvent) => {
    if (ended || e.seq <= lastSent) return;
    lastSent = e.seq;
    o.sink.write(e.frame);
    if (e.terminal) finish();
  };
  const unsubscribe = o.hub.subscribe(o.jobId, {
    deliver: (e) => (live ? send(e) : pending.push(e)),
    write: (bytes) => {
      if (!ended) o.sink.write(bytes);
    },
    end: finish,
    lastSeq: () => (live ? lastSent : null),
  });
  o.sink.onClose(finish);
  if (o.endAfterMs !== undefined) expiry = setTimeout(finish, o.endAfterMs);

  const backlog =
    o.lastEventId === null
      ? [await o.store.latestEvent(o.jobId)].filter((e) => e !== undefined)
      : await o.store.eventsAfter(o.jobId, o.lastEventId);
  for (const e of backlog) send(encodeEvent(e));
  live = true;
  for (const e of pending) send(e);
  o.hub.resync?.(o.jobId);
}
