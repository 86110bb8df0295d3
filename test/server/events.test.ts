import { afterEach, describe, expect, it } from "vitest";
import { createEventHub, PING } from "../../server/events/hub";
import { streamJob } from "../../server/events/viewer-stream";
import { webSink } from "../../server/events/sse-sink";
import type { Job } from "../../server/jobs/job-json";
import { createLogger } from "../../server/logger";
import { startServer, type RunningServer } from "../../server/start";
import { createSqliteStore } from "../../server/store/sqlite-store";
import type { Store } from "../../server/store/store";
import { createFakeDataverse, type FakeDataverse } from "./support/fake-dataverse";
import { createHarness, testConfig, validInput } from "./support/harness";
import { frames, sseReader } from "./support/sse";

let server: RunningServer;
let store: Store;
let dataverse: FakeDataverse;
afterEach(async () => {
  await server.close();
  await store.close();
});

async function start() {
  store = createSqliteStore("sqlite::memory:");
  dataverse = createFakeDataverse();
  server = await startServer(testConfig(), { store, dataverse, logger: createLogger("silent") });
  const res = await fetch(`${server.url}/api/jobs`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(validInput),
  });
  return (await res.json()) as Job;
}
const callback = (n: number) => fetch(dataverse.starts[n - 1]!.callbackUrl, { method: "POST", body: "{}" });
const complete = (n: number, outputs: Record<string, unknown>) =>
  dataverse.complete(dataverse.starts[n - 1]!.backgroundOperationId, 30, outputs);

describe("GET /api/jobs/{id}/events", () => {
  it("sends the current job first, exactly as the contract frames it, with anti-buffering headers", async () => {
    const job = await start();
    const res = await fetch(`${server.url}/api/jobs/${job.id}/events`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    expect(res.headers.get("cache-control")).toBe("no-cache, no-transform");
    const current = await (await fetch(`${server.url}/api/jobs/${job.id}`)).text();
    const stream = sseReader(res);
    // Event 1 is the job's creation, event 2 the start (Dataverse's id recorded): the latest is sent.
    expect(await stream.until((t) => t.endsWith("\n\n"))).toBe(`id: 2\nevent: job\ndata: ${current}\n\n`);
    await stream.cancel();
  });

  it("streams every change in order and closes after the terminal event", async () => {
    const job = await start();
    const stream = sseReader(await fetch(`${server.url}/api/jobs/${job.id}/events`));
    await stream.until((t) => frames(t).length === 1);
    complete(1, { SyncedCount: 10, NextCursor: "c1" });
    await callback(1);
    complete(2, { SyncedCount: 5, NextCursor: "" });
    await callback(2);
    const all = frames(await stream.end());
    expect(all.map((f) => f.id)).toEqual([...all.map((f) => f.id)].sort((a, b) => a - b));
    expect(all.at(-1)?.job).toMatchObject({ status: "succeeded", progress: { synced: 15, batches: 2 } });
    expect(all.map((f) => f.event)).toEqual(["job", ...all.slice(1).map(() => "change")]);
  });

  it("sends only what changed: each change holds at most the two operations written, whatever the job's length", async () => {
    const job = await start();
    const stream = sseReader(await fetch(`${server.url}/api/jobs/${job.id}/events`));
    await stream.until((t) => frames(t).length === 1);
    for (let n = 1; n <= 6; n++) {
      complete(n, { SyncedCount: 1, NextCursor: n < 6 ? `c${n}` : "" });
      await callback(n);
    }
    const all = frames(await stream.end());
    const whole = (await (await fetch(`${server.url}/api/jobs/${job.id}`)).json()) as Job;
    expect(all.at(-1)?.job).toEqual(whole);
    const changes = all.slice(1).map((f) => f.data as { job: object; operations: unknown[] });
    expect(Math.max(...changes.map((c) => c.operations.length))).toBeLessThanOrEqual(2);
    // A batch's end names the counters that moved, not the job's fixed fields.
    expect(changes.every((c) => !("parameters" in c.job) && !("target" in c.job))).toBe(true);
    // From nothing, the stored changes alone rebuild the whole job (a replay after Last-Event-ID: 0).
    const replay = frames(
      await sseReader(
        await fetch(`${server.url}/api/jobs/${job.id}/events`, { headers: { "Last-Event-ID": "0" } }),
      ).end(),
    );
    expect(replay.at(-1)?.job).toEqual(whole);
  });

  it("replays exactly what a reconnecting viewer missed (Last-Event-ID), then 204 once all is said", async () => {
    const job = await start();
    complete(1, { SyncedCount: 10, NextCursor: "" });
    await callback(1);
    const full = frames(
      await sseReader(
        await fetch(`${server.url}/api/jobs/${job.id}/events`, { headers: { "Last-Event-ID": "0" } }),
      ).end(),
    );
    expect(full.map((f) => f.id)).toEqual([1, 2, 3]);
    const missed = frames(
      await sseReader(
        await fetch(`${server.url}/api/jobs/${job.id}/events`, { headers: { "Last-Event-ID": "1" } }),
      ).end(),
    );
    expect(missed.map((f) => f.id)).toEqual([2, 3]);
    expect(missed.at(-1)?.job.status).toBe("succeeded");
    const after = await fetch(`${server.url}/api/jobs/${job.id}/events`, {
      headers: { "Last-Event-ID": "3" },
    });
    expect(after.status).toBe(204);
  });

  it("sends the whole job to a viewer whose Last-Event-ID is past the job's last event", async () => {
    const job = await start();
    const stream = sseReader(
      await fetch(`${server.url}/api/jobs/${job.id}/events`, { headers: { "Last-Event-ID": "999999" } }),
    );
    const [first] = frames(await stream.until((t) => frames(t).length === 1));
    expect(first).toMatchObject({ id: 2, event: "job", job: { id: job.id, status: "running" } });
    await stream.cancel();
    complete(1, { SyncedCount: 1, NextCursor: "" });
    await callback(1);
    // Ended: the same id gets the whole job, then the stream ends.
    const ended = frames(
      await sseReader(
        await fetch(`${server.url}/api/jobs/${job.id}/events`, { headers: { "Last-Event-ID": "999999" } }),
      ).end(),
    );
    expect(ended).toMatchObject([{ id: 3, event: "job", job: { status: "succeeded" } }]);
  });

  it("serves many viewers from one set of Dataverse calls", async () => {
    const job = await start();
    const viewers = await Promise.all(
      Array.from({ length: 20 }, () => fetch(`${server.url}/api/jobs/${job.id}/events`)),
    );
    const streams = viewers.map(sseReader);
    await Promise.all(streams.map((s) => s.until((t) => frames(t).length === 1)));
    complete(1, { SyncedCount: 10, NextCursor: "" });
    await callback(1);
    const ends = await Promise.all(streams.map((s) => s.end()));
    expect(new Set(ends).size).toBe(1);
    expect(dataverse.monitorCalls).toHaveLength(1);
  });

  it("answers 404 problem+json for a job that does not exist", async () => {
    await start();
    const res = await fetch(`${server.url}/api/jobs/6d0c2e4a-1111-4222-8333-444455556666/events`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("answers an id that is not a UUID with the 400 every other {id} route gives", async () => {
    await start();
    const res = await fetch(`${server.url}/api/jobs/not-a-job/events`);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.errors).toEqual([{ path: "param.id", message: "Invalid UUID" }]);
    expect(body.detail).toBe("1 problem(s) in the request param.");
  });
});

describe("SSE without a Node response (app.request)", () => {
  it("streams the same frames through a web stream", async () => {
    const h = createHarness();
    const job = (await (await h.post("/api/jobs", validInput)).json()) as Job;
    const res = await h.get(`/api/jobs/${job.id}/events`);
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const current = await (await h.get(`/api/jobs/${job.id}`)).text();
    const stream = sseReader(res);
    expect(await stream.until((t) => t.endsWith("\n\n"))).toBe(`id: 2\nevent: job\ndata: ${current}\n\n`);
    h.dataverse.complete(h.dataverse.starts[0]!.backgroundOperationId, 30, {
      SyncedCount: 1,
      NextCursor: "",
    });
    await h.callback(1);
    expect(frames(await stream.end()).at(-1)?.job.status).toBe("succeeded");
    await h.close();
  });
});

describe("event hub", () => {
  it("sends heartbeats to every viewer and a goodbye on shutdown", async () => {
    const hub = createEventHub({ heartbeatMs: 5 });
    const written: Uint8Array[] = [];
    let ended = false;
    hub.subscribe("job", {
      deliver: () => undefined,
      write: (b) => written.push(b),
      end: () => (ended = true),
    });
    await new Promise<void>((resolve) => {
      const check = setInterval(() => written.length && (clearInterval(check), resolve()), 5);
    });
    expect(new TextDecoder().decode(written[0])).toBe(": ping\n\n");
    expect(written[0]).toBe(PING);
    hub.closeAll();
    expect(ended).toBe(true);
  });

  it("encodes an event once for all viewers", () => {
    const hub = createEventHub({ heartbeatMs: 60_000 });
    const got: Uint8Array[] = [];
    for (let i = 0; i < 3; i++)
      hub.subscribe("job", {
        deliver: (e) => got.push(e.frame),
        write: () => undefined,
        end: () => undefined,
      });
    hub.publish({ seq: 7, jobId: "job", data: '{"a":1}', terminal: false });
    expect(got).toHaveLength(3);
    expect(got[0]).toBe(got[2]);
    expect(new TextDecoder().decode(got[0])).toBe('id: 7\nevent: change\ndata: {"a":1}\n\n');
    hub.closeAll();
  });
});

describe("one viewer's stream", () => {
  it("sends an event published while the backlog is read exactly once, in order", async () => {
    const hub = createEventHub({ heartbeatMs: 60_000 });
    const e = (seq: number, terminal = false) => ({ seq, jobId: "job", data: `{"n":${seq}}`, terminal });
    const store = {
      // The store answers after event 3 was stored and published: it is in the backlog and in the live feed.
      eventsAfter: () => {
        hub.publish(e(3));
        hub.publish(e(4, true));
        return Promise.resolve([e(2), e(3)]);
      },
    } as unknown as Store;
    const { sink, body } = webSink();
    await streamJob({ jobId: "job", lastEventId: 1, store, hub, sink });
    const text = await new Response(body).text();
    expect(frames(text).map((f) => f.id)).toEqual([2, 3, 4]);
    hub.closeAll();
  });
});
