import { customApis, type CustomApiDefinition } from "../../../contracts/custom-apis";
import type { DataverseClient, OperationDetails, OperationSnapshot } from "../../../server/dataverse/client";

/**
 * An in-memory Dataverse for unit tests: it records what the API asked and lets the test decide
 * what each background operation reports.
 */
export interface FakeDataverse extends DataverseClient {
  starts: {
    customApi: string;
    parameters: Record<string, unknown>;
    callbackUrl: string;
    callerObjectId: string;
    backgroundOperationId: string;
  }[];
  /** Reads of `backgroundoperations` rows, by background operation id. */
  monitorCalls: string[];
  cancels: string[];
  recordAccessChecks: { entity: string; id: string; callerObjectId: string }[];
  /** The status part of each background operation's row. */
  snapshots: Map<string, OperationSnapshot>;
  /** Dataverse's own retries per background operation id. */
  retryCounts: Map<string, number>;
  /** What the `backgroundoperation` row adds (run times, stored outputs) per background operation id. */
  rows: Map<string, Partial<Omit<OperationDetails, "retryCount">>>;
  /** Object ids Dataverse lets read every record (the demo user from the start). */
  readers: Set<string>;
  /** Set to make the next start fail. */
  failNextStart: Error | null;
  /** Set to make the next start queue its operation, then answer with this error (an ambiguous start). */
  failNextStartAfterQueuing: Error | null;
  /** The Custom APIs whose started operations were looked up, in order. */
  lookups: string[];
  definitions: CustomApiDefinition[];
  /** The people Dataverse knows, by Entra object id (the demo users from the start). */
  people: Map<string, string>;
  /**
   * Marks an operation terminal with the given outputs (what the plug-in would have returned). The
   * monitor shows them only for 30; the row keeps them whatever the status (a run canceled while running).
   */
  complete(
    backgroundOperationId: string,
    statusCode: 30 | 31 | 32,
    outputs?: Record<string, unknown>,
    error?: { code: string; message: string },
  ): void;
}

export function snapshot(
  stateCode: number,
  statusCode: number,
  outputs: Record<string, unknown> = {},
): OperationSnapshot {
  return { stateCode, statusCode, errorCode: null, errorMessage: null, outputs, retryAfterSeconds: null };
}

export function createFakeDataverse(): FakeDataverse {
  let next = 0;
  const fake: FakeDataverse = {
    starts: [],
    monitorCalls: [],
    cancels: [],
    recordAccessChecks: [],
    snapshots: new Map(),
    retryCounts: new Map(),
    rows: new Map(),
    readers: new Set(["2c4e6a8b-1d3f-4a5b-8c7d-0e1f2a3b4c5d"]),
    failNextStart: null,
    failNextStartAfterQueuing: null,
    lookups: [],
    definitions: [...customApis],
    people: new Map([
      ["2c4e6a8b-1d3f-4a5b-8c7d-0e1f2a3b4c5d", "Alex Wilber"],
      ["6e8a0c2e-4b6d-4f8a-9c1e-3a5c7e9b1d3f", "Megan Bowen"],
    ]),
    complete(id, statusCode, outputs = {}, error) {
      fake.rows.set(id, { ...fake.rows.get(id), outputs });
      fake.snapshots.set(id, {
        ...snapshot(3, statusCode, statusCode === 30 ? outputs : {}),
        errorCode: error?.code ?? null,
        errorMessage: error?.message ?? null,
      });
    },
    startBackgroundOperation(req) {
      if (fake.failNextStart) {
        const error = fake.failNextStart;
        fake.failNextStart = null;
        return Promise.reject(error);
      }
      const backgroundOperationId = `00000000-0000-4000-8000-${String(++next).padStart(12, "0")}`;
      fake.starts.push({ ...req, backgroundOperationId });
      fake.snapshots.set(backgroundOperationId, snapshot(0, 0));
      const lost = fake.failNextStartAfterQueuing;
      fake.failNextStartAfterQueuing = null;
      return lost ? Promise.reject(lost) : Promise.resolve({ backgroundOperationId });
    },
    readBackgroundOperation(id) {
      fake.monitorCalls.push(id);
      const snap = fake.snapshots.get(id);
      if (!snap) return Promise.reject(new Error(`unknown operation ${id}`));
      const details = {
        retryCount: fake.retryCounts.get(id) ?? 0,
        startTime: null,
        endTime: null,
        outputs: {},
      };
      return Promise.resolve({ snapshot: snap, details: { ...details, ...fake.rows.get(id) } });
    },
    cancelBackgroundOperation(id) {
      fake.cancels.push(id);
      const snap = fake.snapshots.get(id);
      if (snap && snap.stateCode === 0) fake.snapshots.set(id, snapshot(2, 22));
      return Promise.resolve();
    },
    /** Every start so far (the fake has no clock: `since` is not applied). */
    findStartedOperations(customApi) {
      fake.lookups.push(customApi);
      return Promise.resolve(
        fake.starts
          .filter((s) => s.customApi === customApi)
          .map((s) => ({
            backgroundOperationId: s.backgroundOperationId,
            createdOn: 0,
            inputs: s.parameters,
          })),
      );
    },
    getCustomApi: (name) => Promise.resolve(fake.definitions.find((d) => d.uniquename === name) ?? null),
    canReadRecord(entity, id, callerObjectId) {
      fake.recordAccessChecks.push({ entity, id, callerObjectId });
      return Promise.resolve(fake.readers.has(callerObjectId));
    },
    findPerson(objectId) {
      const name = fake.people.get(objectId.toLowerCase());
      return Promise.resolve(name === undefined ? null : { objectId: objectId.toLowerCase(), name });
    },
    ping: () => Promise.resolve(),
  };
  return fake;
}
