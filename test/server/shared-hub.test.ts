import { afterEach, describe, expect, it } from "vitest";
import { createEventHub } from "../../server/events/hub";
import { createSharedHub } from "../../server/events/shared-hub";
import type { Sink } from "../../server/events/sse-sink";
import { streamJob } from "../../server/events/viewer-stream";
import { createLogger } from "../../server/logger";
import { createSqliteStore } from "../../server/store/sqlite-store";
import type { Store } from "../../server/store/store";
import { job } from "./support/contract-rows";

/**
 * The hub of instances sharing a database (events/shared-hub.ts), over any store: signals may come
 * late, early, twice or out of order (this instance's saves and other instances' NOTIFYs race), and
 * each viewer still gets every event once, in order, read from the store.
 */

let store: Store;
afterEach(() => store.close());

/** A viewer's stream as the sequence numbers it was sent, and a way to wait for a count. */
function recordingSink() {
  const seqs: number[] = [];
  let waiter: { n: number; resolve: () => void } | undefined;
  const sink: Sink = {
    write(bytes) {
      const id = /^id: (\d+)/.exec(new TextDecoder().decode(bytes));
      if (id) seqs.push(Number(id[1]));
      if (waiter && seqs.length >= waiter.n) waiter.resolve();
    },
    end: () => undefined,
    onClose: () => undefined,
  };
  const received = (n: number) =>
    new Promise<void>((resolve) => (seqs.length >= n ? resolve() : (waiter = { n, resolve })));
  return { sink, seqs, received };
}

async function saveEvents(jobId: string, count: number, from = 0) {
  const seqs: number[] = [];
  for (let v = from; v < from + count; v++)
    seqs.push(
      (
        await store.save({
          job: job(jobId),
          expectedVersion: v,
          event: { data: `{"v":${v}}`, terminal: false },
        })
      ).seq!,
    );
  return seqs;
}

describe("the shared event hub", () => {
  it("delivers every event once and in order, whatever order the signals come in", async () => {
    store = createSqliteStore("sqlite::memory:");
    const hub = createSharedHub(createEventHub({ heartbeatMs: 60_000 }), {
      store,
      logger: createLogger("silent"),
    });
    const [first] = await saveEvents("a", 1);
    const viewers = [recordingSink(), recordingSink()];
    for (const v of viewers) await streamJob({ jobId: "a", lastEventId: 0, store, hub, sink: v.sink });
    const later = await saveEvents("a", 3, 1);
    // Another instance's NOTIFY for the last one overtakes this instance's own publications.
    hub.signal("a", later[2]!);
    hub.signal("a", later[0]!);
    hub.publish({ seq: later[1]!, jobId: "a", data: "", terminal: false });
    hub.signal("a", later[2]!);
    await Promise.all(viewers.map((v) => v.received(4)));
    hub.resyncAll();
    await saveEvents("a", 1, 4).then(([last]) => hub.signal("a", last!));
    await Promise.all(viewers.map((v) => v.received(5)));
    const all = (await store.eventsAfter("a", 0)).map((e) => e.seq);
    expect(all).toEqual([first, ...later, all[4]]);
    for (const v of viewers) expect(v.seqs).toEqual(all);
  });

  it("catches a viewer up from where it stood when it reconnects with Last-Event-ID", async () => {
    store = createSqliteStore("sqlite::memory:");
    const hub = createSharedHub(createEventHub({ heartbeatMs: 60_000 }), {
      store,
      logger: createLogger("silent"),
    });
    const seqs = await saveEvents("b", 3);
    const viewer = recordingSink();
    await streamJob({ jobId: "b", lastEventId: seqs[0]!, store, hub, sink: viewer.sink });
    await viewer.received(2);
    const [next] = await saveEvents("b", 1, 3);
    hub.resyncAll(); // as after the listener reconnected: no signal for `next` ever came
    await viewer.received(3);
    expect(viewer.seqs).toEqual([seqs[1], seqs[2], next]);
  });
});
