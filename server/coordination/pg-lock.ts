import type pg from "pg";
import { createKeyedMutex, type WithLock } from "../jobs/keyed-mutex";
import { isConnectionError } from "../store/pg-connect";

/**
 * The per-job lock across instances: a session advisory lock, held on a connection of its own pool
 * (work under the lock writes through the store's pool, so lock holders can never starve it). Within
 * one process, waiters for a key queue in memory first, so a key costs at most one connection here.
 * A lock whose connection dies is released by the server; the store's version check still guards
 * the writes of whoever held it.
 */
export function createPgLock(pool: pg.Pool): WithLock {
  const local = createKeyedMutex();

  async function acquire(key: string): Promise<pg.PoolClient> {
    for (let attempt = 0; ; attempt++) {
      let client: pg.PoolClient | undefined;
      try {
        client = await pool.connect();
        await client.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [key]);
        return client;
      } catch (error) {
        client?.release(true);
        if (!isConnectionError(error) || attempt >= 3) throw error;
      }
    }
  }

  async function release(client: pg.PoolClient, key: string) {
    try {
      await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key]);
      client.release();
    } catch {
      // The session is gone, and its locks with it.
      client.release(true);
    }
  }

  return (key, work) =>
    local(key, async () => {
      const client = await acquire(key);
      try {
        return await work();
      } finally {
        await release(client, key);
      }
    });
}
