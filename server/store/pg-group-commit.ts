import type pg from "pg";
import { isConnectionError } from "./pg-connect";

/**
 * Group commit on PostgreSQL, as the SQLite store does it: the writes of one event-loop turn join
 * one transaction (one WAL flush for the lot), each in its own savepoint so one failing write does
 * not sink the others. While `maxGroups` groups are committing, later writes queue for the next. A group whose connection broke
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
/**
 * Groups run side by side on separate connections; they touch different jobs (each job is written
 * under its lock), but two starts for the same records in opposite order can still deadlock, and
 * PostgreSQL then rolls one group back whole: replayed like a broken connection.
 */
const retriable = (error: unknown) =>
  isConnectionError(error) || (error as { code?: string }).code === "40P01";

export function createGroupCommit(
  pool: pg.Pool,
  o: { onCommit?: (writes: number) => void; maxGroups: number },
) {
  const { onCommit, maxGroups } = o;
  let queue: Pending[] = [];
  let active = 0;
  let scheduled = false;
  const groups = new Set<Promise<void>>();
  let closed = false;

  /**
   * Savepoints cost two round trips a write, and writes seldom fail (a version or one-active-job
   * conflict): a group first runs without them, and only if one of its writes fails is it rolled
   * back (null) and run again `guarded`, each write in its own savepoint.
   */
  async function runGroup(client: pg.ClientBase, batch: Pending[], guarded: boolean) {
    const single = batch.length === 1;
    const outcomes: Outcome[] = [];
    await client.query("BEGIN");
    for (const p of batch) {
      if (guarded && !single) await client.query("SAVEPOINT w");
      try {
        outcomes.push({ ok: true, value: await p.work(client) });
        if (guarded && !single) await client.query("RELEASE SAVEPOINT w");
      } catch (error) {
        // Not this write's failure: the group as a whole is replayed (flushOnce).
        if (retriable(error)) throw error;
        if (!guarded && !single) {
          await client.query("ROLLBACK");
          return null;
        }
        await client.query(single ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT w");
        outcomes.push({ ok: false, value: p.mapError ? await p.mapError(error, client) : error });
      }
    }
    return outcomes;
  }

  async function flushOnce(batch: Pending[]): Promise<void> {
    let guarded = false;
    for (let attempt = 0; ; attempt++) {
      let client: pg.PoolClient | undefined;
      let committing = false;
      try {
        client = await pool.connect();
        const outcomes = await runGroup(client, batch, guarded);
        if (!outcomes) {
          client.release();
          guarded = true;
          continue;
        }
        committing = true;
        if (!(batch.length === 1 && !outcomes[0]!.ok)) await client.query("COMMIT");
        client.release();
        onCommit?.(batch.length);
        outcomes.forEach((o, i) => (o.ok ? batch[i]!.resolve(o.value) : batch[i]!.reject(o.value)));
        return;
      } catch (error) {
        client?.release(error instanceof Error ? error : true);
        if (!committing && retriable(error) && attempt < REPLAYS) continue;
        for (const p of batch) p.reject(error);
        return;
      }
    }
  }

  /** Starts a group on the next turn (so writes of this turn join it), if a connection may take one. */
  function schedule() {
    if (scheduled || active >= maxGroups || !queue.length) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      const batch = queue;
      queue = [];
      active++;
      const group = flushOnce(batch).finally(() => {
        active--;
        groups.delete(group);
        schedule();
      });
      groups.add(group);
    });
  }

  return {
    /** Runs `work` in the next group; resolves with its result once the group has committed. */
    write<T>(work: Work<T>, mapError?: Pending["mapError"]): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (closed) return reject(new Error("store is closed"));
        queue.push({ work, mapError, resolve: resolve as (v: unknown) => void, reject });
        schedule();
      });
    },
    async close() {
      closed = true;
      while (groups.size || scheduled) await Promise.all([...groups, new Promise(setImmediate)]);
    },
  };
}
