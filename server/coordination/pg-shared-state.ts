import type pg from "pg";
import type { Clock } from "../clock";
import type { PollFloor } from "../jobs/poll-floor";
import type { RateDecision, RateLimit } from "../routes/rate-limit";
import { queryTwice } from "../store/pg-connect";
import { operationFromRow } from "../store/sqlite-rows";
import type { OperationRow } from "../store/store";

/** The coordination state several instances share, as rows in the store's database. */

/** The polling floor per operation (table poll_reads); callers hold the job's lock. */
export function createPgPollFloor(pool: pg.Pool, d: { clock: Clock; floorMs: number }): PollFloor {
  const readAt = async (id: string) =>
    (
      await queryTwice<{ read_at: number }>(pool, "SELECT read_at FROM poll_reads WHERE operation_id = $1", [
        id,
      ])
    ).rows[0]?.read_at;
  const readRecently = async (id: string) => {
    const at = await readAt(id);
    return at !== undefined && d.clock.now() - at < d.floorMs;
  };
  return {
    async noteRead(id) {
      await queryTwice(
        pool,
        `INSERT INTO poll_reads (operation_id, read_at) VALUES ($1, $2)
         ON CONFLICT (operation_id) DO UPDATE SET read_at = excluded.read_at`,
        [id, d.clock.now()],
      );
    },
    readRecently,
    async mayReadFor(id, claimsTerminal) {
      if (claimsTerminal) {
        // Atomically the first claim of the end, whichever instance the callback reached.
        const { rowCount } = await queryTwice(
          pool,
          `INSERT INTO poll_reads (operation_id, read_at, end_claimed) VALUES ($1, 0, 1)
           ON CONFLICT (operation_id) DO UPDATE SET end_claimed = 1 WHERE poll_reads.end_claimed = 0`,
          [id],
        );
        if (rowCount === 1) return true;
      }
      return !(await readRecently(id));
    },
    async forget(id) {
      await queryTwice(pool, "DELETE FROM poll_reads WHERE operation_id = $1", [id]);
    },
  };
}

/**
 * Claims due operations by moving their check time to the end of a lease: other instances skip the
 * rows (SKIP LOCKED) and then no longer see them due. The engine writes the real next check time;
 * if this instance dies first, the lease runs out and another instance's reconciler takes over.
 */
export function createPgClaims(pool: pg.Pool, leaseMs: number) {
  return async (now: number, limit: number): Promise<OperationRow[]> => {
    const { rows } = await queryTwice(
      pool,
      `UPDATE operations SET next_check_at = $2 WHERE id IN (
         SELECT id FROM operations WHERE next_check_at IS NOT NULL AND next_check_at <= $1
         ORDER BY next_check_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [now, now + leaseMs, limit],
    );
    return rows.map(operationFromRow).sort((a, b) => a.createdAt - b.createdAt);
  };
}

/**
 * The token bucket of rate-limit.ts in one statement: the row lock of the upsert makes the refill
 * and the take atomic across instances.
 */
export function createPgRateLimiter(pool: pg.Pool, o: { perMinute: number; clock: Clock }): RateLimit {
  const ratePerMs = o.perMinute / 60_000;
  // Typed once: pg infers $n from its first use, and the rate is fractional.
  const refilled = "LEAST(p.cap, b.tokens + GREATEST(0, p.now - b.at) * p.rate)";
  return async (key): Promise<RateDecision> => {
    const { rows } = await queryTwice<{ granted: number; tokens: number }>(
      pool,
      `WITH p AS (SELECT $2::float8 AS cap, $3::bigint AS now, $4::float8 AS rate)
       INSERT INTO rate_buckets AS b (key, tokens, at, granted)
       SELECT $1, p.cap - 1, p.now, CASE WHEN p.cap >= 1 THEN 1 ELSE 0 END FROM p
       ON CONFLICT (key) DO UPDATE SET
         tokens = (SELECT ${refilled} - CASE WHEN ${refilled} >= 1 THEN 1 ELSE 0 END FROM p),
         granted = (SELECT CASE WHEN ${refilled} >= 1 THEN 1 ELSE 0 END FROM p),
         at = (SELECT GREATEST(b.at, p.now) FROM p)
       RETURNING granted, tokens`,
      [key, o.perMinute, o.clock.now(), ratePerMs],
    );
    const { granted, tokens } = rows[0]!;
    if (granted === 1) return { ok: true };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / ratePerMs / 1000)) };
  };
}
