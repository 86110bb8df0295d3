import { AsyncLocalStorage } from "node:async_hooks";
import type pg from "pg";
import { createKeyedMutex, type WithLock } from "../jobs/keyed-mutex";
import { isConnectionError } from "../store/pg-connect";

const LOCK = "SELECT pg_advisory_lock(hashtextextended($1, 0))";
const UNLOCK = "SELECT pg_advisory_unlock(hashtextextended($1, 0))";

/** A lock connection and the locks on it still held or being taken. */
interface Session {
  client: pg.PoolClient;
  holders: number;
  broken: boolean;
}

/**
 * The per-job lock across instances: a session advisory lock, held on a connection of its own pool
 * (work under the lock writes through the store's pool, so lock holders can never starve it). Within
 * one process, waiters for a key queue in memory first, so a key costs at most one connection here.
 * A lock whose connection dies is released by the server; the store's version check still guards
 * the writes of whoever held it.
 *
 * A lock taken inside another's work (a start's idempotency key, then its new job; a schedule, then
 * the job it starts) is taken on the same connection: PostgreSQL's session locks stack, one unlock
 * each. With a connection each, as many such starts at once as the pool has connections would hold
 * every connection and wait for one more.
 */
export function createPgLock(pool: pg.Pool): WithLock {
  const local = createKeyedMutex();
  const sessions = new AsyncLocalStorage<Session>();

  async function open(key: string): Promise<Session> {
    for (let attempt = 0; ; attempt++) {
      let client: pg.PoolClient | undefined;
      try {
        client = await pool.connect();
        await client.query(LOCK, [key]);
        return { client, holders: 1, broken: false };
      } catch (error) {
        client?.release(true);
        if (!isConnectionError(error) || attempt >= 3) throw error;
      }
    }
  }

  /**
   * On the session of the lock whose work this runs in, while that session is still held. If it
   * died, its locks died with it, and this one is taken on a connection of its own.
   */
  async function join(session: Session, key: string): Promise<Session> {
    session.holders++;
    try {
      await session.client.query(LOCK, [key]);
      return session;
    } catch (error) {
      session.broken = true;
      settle(session);
      if (!isConnectionError(error)) throw error;
      return open(key);
    }
  }

  function settle(session: Session) {
    if (--session.holders === 0) session.client.release(session.broken || undefined);
  }

  async function release(session: Session, key: string) {
    try {
      await session.client.query(UNLOCK, [key]);
    } catch {
      // The session is gone, and its locks with it.
      session.broken = true;
    }
    settle(session);
  }

  return (key, work) =>
    local(key, async () => {
      const outer = sessions.getStore();
      const shared = outer && outer.holders > 0 && !outer.broken;
      const session = shared ? await join(outer, key) : await open(key);
      try {
        return await sessions.run(session, work);
      } finally {
        await release(session, key);
      }
    });
}
