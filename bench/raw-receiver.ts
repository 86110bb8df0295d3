import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import Database from "better-sqlite3";
import { createCallbackSigner } from "../server/callbacks/signing";
import { newOperation } from "../server/jobs/new-rows";
import { State, Status } from "../server/jobs/operation-state";
import { createSqliteStore } from "../server/store/sqlite-store";
import { sampleJob } from "./sample-job";

/**
 * The callback-route benchmark's references: raw node:http checking the same HMAC, making one
 * group-committed durable write, answering 204. What the write stores is the writer's choice.
 */
export interface RawWriter {
  write(operationId: string, body: string): Promise<void>;
  close(): Promise<void>;
}

/** One row of (id, body) in a table of its own (WAL, FULL), rows of one turn in one commit. */
export function oneRowWriter(dir: string): RawWriter {
  const db = new Database(join(dir, `raw-${randomUUID()}.db`));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec("CREATE TABLE callbacks (operation_id TEXT PRIMARY KEY, body TEXT NOT NULL)");
  const insert = db.prepare("INSERT OR REPLACE INTO callbacks VALUES (?, ?)");
  let queue: { id: string; body: string; done: () => void }[] = [];
  const flush = db.transaction((batch: typeof queue) => batch.forEach((w) => insert.run(w.id, w.body)));
  return {
    write: (id, body) =>
      new Promise<void>((done) => {
        if (queue.push({ id, body, done }) > 1) return;
        setImmediate(() => {
          const batch = queue;
          queue = [];
          flush.immediate(batch);
          batch.forEach((w) => w.done());
        });
      }),
    close: () => Promise.resolve(void db.close()),
  };
}

/**
 * Stores nothing: the same signature check and 204 with the write left out, so the benchmark shows
 * whether the raw side's speed is its write's or the load generator's.
 */
export function noWriter(): RawWriter {
  return { write: () => Promise.resolve(), close: () => Promise.resolve() };
}

/**
 * What the API's route stores for a callback that ends a job, through the API's own store (its
 * schema, indexes, savepoints and group commit): the ended job, its operation and one event. No
 * reads, no Dataverse, no framework: how far the route is from storing the same thing raw.
 */
export function apiRowsWriter(dir: string): RawWriter {
  const store = createSqliteStore(`sqlite:${join(dir, `raw-rows-${randomUUID()}.db`)}`);
  return {
    async write(id, body) {
      const now = Date.now();
      const job = { ...sampleJob(), status: "succeeded" as const, startedAt: now, endedAt: now, batches: 1 };
      const operation = {
        ...newOperation(job, 1, null, id, now),
        backgroundOperationId: randomUUID(),
        stateCode: State.Completed,
        statusCode: Status.Succeeded,
        startedAt: now,
        endedAt: now,
      };
      const event = { data: JSON.stringify({ status: job.status, callback: body }), terminal: true };
      await store.save({ job, expectedVersion: 0, operations: [operation], event });
    },
    close: () => store.close(),
  };
}

/** Serves callbacks for `count` signed URLs, stores each with `writer`; returns the URLs. */
export async function startRawReceiver(writer: RawWriter, count: number) {
  const signer = createCallbackSigner({
    keys: [{ kid: "k", secret: "bench-secret" }],
    ttlSeconds: 3600,
    publicBaseUrl: "http://127.0.0.1:0",
    clock: { now: () => Date.now() },
  });
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const id = url.pathname.split("/").at(-1) ?? "";
    const check = signer.verify(id, url.searchParams.get("exp") ?? "", url.searchParams.get("sig") ?? "");
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      if (!check.ok) return void res.writeHead(401).end();
      void writer.write(id, body).then(() => res.writeHead(204).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const urls = Array.from({ length: count }, () =>
    signer.urlFor(randomUUID()).replace("http://127.0.0.1:0", `http://127.0.0.1:${port}`),
  );
  return {
    urls,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await writer.close();
    },
  };
}
