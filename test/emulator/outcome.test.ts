import { describe, expect, it } from "vitest";
import { State, Status, type BackgroundOperation } from "../../emulator/engine/operation";
import { outcomeOf } from "../../emulator/engine/outcome";

const op = (over: Partial<BackgroundOperation> = {}): BackgroundOperation => ({
  id: "1",
  name: "sample_SyncRecordsToExternalSystem",
  displayName: "Sync",
  input: {},
  outputs: null,
  stateCode: State.Locked,
  statusCode: Status.InProgress,
  errorCode: null,
  errorMessage: null,
  createdOn: new Date(),
  startTime: new Date(),
  endTime: null,
  retryCount: 0,
  runAs: "u",
  ttlInSeconds: 1,
  callbackUrl: null,
  location: "l",
  cancelRequested: false,
  version: 1,
  ...over,
});
const failure = { ok: false as const, code: "0x80040265", message: "boom" };

describe("run outcome", () => {
  it("succeeds with the outputs and clears an earlier run's error", () => {
    expect(outcomeOf(op({ errorCode: 1 }), { ok: true, outputs: { SyncedCount: 3 } }, 3)).toEqual({
      kind: "finish",
      change: { outputs: { SyncedCount: 3 }, statusCode: 30, errorCode: null, errorMessage: null },
    });
  });

  it("retries a failure until maxRetries, then fails with the error", () => {
    expect(outcomeOf(op({ retryCount: 2 }), failure, 3).kind).toBe("retry");
    expect(outcomeOf(op({ retryCount: 3 }), failure, 3)).toEqual({
      kind: "finish",
      change: { errorCode: 0x80040265 | 0, errorMessage: "boom", statusCode: 31 },
    });
  });

  it("ends Canceled after a cancel request whatever the run did, and never retries", () => {
    expect(outcomeOf(op({ cancelRequested: true }), failure, 3)).toMatchObject({
      kind: "finish",
      change: { statusCode: 32 },
    });
    expect(outcomeOf(op({ cancelRequested: true }), { ok: true, outputs: {} }, 3)).toMatchObject({
      kind: "finish",
      change: { statusCode: 32, outputs: {} },
    });
  });
});
