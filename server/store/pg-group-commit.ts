import type pg from "pg";
import { isConnectionError } from "./pg-connect";

/**
 * Group commit on PostgreSQL, as the SQLite store does it: every write that arrives while the
 * previous group is committing joins the next transaction (one WAL flush for the lot), each in its
 * own savepoint so one failing write does not sink the others. A group whose connection broke
 * before COMMIT was sent is replayed on a fresh connection; one that broke during COMMIT is
 * reported failed (it may or may not have committed: callers re-read under the job's lock).
 */

type Work<T> = (client: pg.ClientBase) => Promise<T>;
interface Pending {
  work: Work<unknown>;
  /** Turns a statement error into the caller's error, after the savepoint is rolled back. */
  mapError?: (error: unknown, client: pg.ClientBase) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}
type Outcome = { ok: boolean; value: unknown };

const REPLAYS = 3;

export function createGroupCommit(pool: pg.Pool, onCommit?: (writes: number) => void) {
  let queue: Pending[] = [];
  let flushing: Promise<void> | null = null;
  let closed = false;

  async function runGroup(client: pg.ClientBase, batch: Pending[]): Promise<Outcome[]> {
    const single = batch.length === 1;
    const outcomes: Outcome[] = [];
    await client.query("BEGIN");
    for (const p of batch) {
      if (!single) await client.query("SAVEPOINT w");
      try {
        outcomes.push({ ok: true, value: await p.work(client) });
        if (!single) await client.query("RELEASE SAVEPOINT w");
      } catch (error) {
        if (isConnectionError(error)) throw error;
        await client.query(single ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT w");
        outcomes.push({ ok: false, value: p.mapError ? await p.mapError(error, client) : error });
      }
    }
    return outcomes;
  }

  async function flushOnce(batch: Pending[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      let client: pg.PoolClient | undefined;
      let committing = false;
      try {
        client = await pool.connect();
        const outcomes = await runGroup(client, batch);
        committing = true;
        if (!(batch.length === 1 && !outcomes[0]!.ok)) await client.query("COMMIT");
        client.release();
        onCommit?.(batch.length);
        outcomes.forEach((o, i) => (o.ok ? batch[i]!.resolve(o.value) : batch[i]!.reject(o.value)));
        return;
      } catch (error) {
        client?.release(error instanceof Error ? error : true);
        if (!committing && isConnectionError(error) && attempt < REPLAYS) continue;
        for (const p of batch) p.reject(error);
        return;
      }
    }
  }

  function flush(): Promise<void> {
    if (flushing) return flushing;
    // Nothing queued: return before the loop, whose `finally` must run after `flushing` is set.
    if (!queue.length) return Promise.resolve();
    flushing = (async () => {
      try {
        while (queue.length) {
          const batch = queue;
          queue = [];
          await flushOnce(batch);
        }
      } finally {
        // Synchronously after the last empty check: a write queued from now on starts a new flush.
        flushing = null;
      }
    })();
    return flushing;
  }

  return {
    /** Runs `work` in the next group; resolves with its result once the group has committed. */
    write<T>(work: Work<T>, mapError?: Pending["mapError"]): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (closed) return reject(new Error("store is closed"));
        if (
          queue.push({ work, mapError, resolve: resolve as (v: unknown) => void, reject }) === 1 &&
          !flushing
        )
          setImmediate(() => void flush());
      });
    },
    async close() {
      closed = true;
      await flush();
    },
  };
}
