import type { Store } from "../store/store";
import { jobSnapshot } from "./job-snapshot";
import { encodeEvent, type EncodedEvent, type EventHub } from "./hub";
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
  // -1: a job's first snapshot may carry sequence 0 (no event stored yet) and must still go out.
  let lastSent = o.lastEventId ?? -1;
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

  if (o.lastEventId === null) {
    const snapshot = await jobSnapshot(o.store, o.jobId);
    if (snapshot) send(encodeEvent(snapshot, "job"));
  } else for (const e of await o.store.eventsAfter(o.jobId, o.lastEventId)) send(encodeEvent(e));
  live = true;
  for (const e of pending) send(e);
  o.hub.resync?.(o.jobId);
}
