import type { Clock } from "../clock";

/**
 * When each unfinished operation's status monitor was last read, so reads keep to the polling floor
 * (docs/dataverse.md, "Polling"). The job's lock is held around every call. In memory by default:
 * it only spaces out reads (a restart at worst allows one early read); several instances share one
 * in the database instead (coordination/pg-poll-floor.ts).
 */
export interface PollFloor {
  noteRead(operationId: string): Promise<void>;
  /** Whether the operation's status monitor was read within the polling floor. */
  readRecently(operationId: string): Promise<boolean>;
  /**
   * Whether a callback may read the monitor now: outside the floor, or the first callback per
   * operation that claims the end. The body is unsigned: later claims get no such exception.
   */
  mayReadFor(operationId: string, claimsTerminal: boolean): Promise<boolean>;
  /** The operation ended: nothing more to space out. */
  forget(operationId: string): Promise<void>;
}

const MAX_TRACKED = 10_000;

export function createMemoryPollFloor(d: { clock: Clock; floorMs: number }): PollFloor {
  const lastRead = new Map<string, number>();
  /** Operations whose one floor-free read a callback claiming the end has already bought. */
  const endClaimed = new Set<string>();
  const readRecently = (operationId: string) => {
    const at = lastRead.get(operationId);
    return at !== undefined && d.clock.now() - at < d.floorMs;
  };
  return {
    noteRead(operationId) {
      if (lastRead.size >= MAX_TRACKED && !lastRead.has(operationId)) lastRead.clear();
      lastRead.set(operationId, d.clock.now());
      return Promise.resolve();
    },
    readRecently: (operationId) => Promise.resolve(readRecently(operationId)),
    mayReadFor(operationId, claimsTerminal) {
      if (claimsTerminal && !endClaimed.has(operationId)) {
        if (endClaimed.size >= MAX_TRACKED) endClaimed.clear();
        endClaimed.add(operationId);
        return Promise.resolve(true);
      }
      return Promise.resolve(!readRecently(operationId));
    },
    forget(operationId) {
      lastRead.delete(operationId);
      endClaimed.delete(operationId);
      return Promise.resolve();
    },
  };
}
