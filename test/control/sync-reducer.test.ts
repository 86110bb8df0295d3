import { describe, expect, it } from "vitest";
import { ApiError } from "../../control/api/jobs-client";
import { SignInRequiredError } from "../../control/auth/token-provider";
import {
  failureEvent,
  initialSyncState,
  syncReducer,
  type SyncEvent,
  type SyncState,
} from "../../control/state/sync-reducer";
import { finished, makeJob, running } from "../support/jobs";

const reduce = (events: SyncEvent[], from: SyncState = initialSyncState) => events.reduce(syncReducer, from);

describe("sync reducer", () => {
  it("follows a job through its events and keeps it at the top of the history", () => {
    const older = finished(makeJob({ createdAt: "2026-11-25T10:00:00.000Z" }), "succeeded");
    const job = makeJob();
    const state = reduce([
      { type: "history", jobs: [older] },
      { type: "requested", action: "start" },
      { type: "job", job, fresh: true },
      { type: "job", job: running(job, 1000, 3000, 1) },
    ]);
    expect(state.pending).toBeNull();
    expect(state.job?.status).toBe("running");
    expect(state.job?.progress.synced).toBe(1000);
    expect(state.history.map((item) => item.id)).toEqual([job.id, older.id]);
  });

  it("never takes a finished job back to running because of a late poll answer", () => {
    const job = makeJob();
    const done = finished(running(job, 3000, 3000), "succeeded");
    const state = reduce([
      { type: "job", job: done },
      { type: "job", job: running(job, 2000, 3000) },
    ]);
    expect(state.job).toBe(done);
  });

  it("lets our own resume answer restart a finished job", () => {
    const job = finished(makeJob(), "failed");
    const state = reduce([
      { type: "job", job },
      { type: "requested", action: "resume" },
      { type: "job", job: { ...job, status: "queued" }, fresh: true },
    ]);
    expect(state.job?.status).toBe("queued");
    expect(state.pending).toBeNull();
  });

  it("keeps a cancel pending until the request settles, even when the stream answers first", () => {
    const job = running(makeJob(), 10, 100);
    const canceling = reduce([
      { type: "job", job },
      { type: "requested", action: "cancel" },
      { type: "job", job: { ...job, status: "canceling" } },
    ]);
    expect(canceling.pending).toBe("cancel");
    expect(reduce([{ type: "settled" }], canceling).pending).toBeNull();
  });

  it("records failures and sign-in, and clears them when asked again", () => {
    const FAILURE = {
      action: "start" as const,
      detail: "Custom API not allowed",
      status: 400,
      errors: [],
      retryAfterSeconds: null,
      retryAt: null,
    };
    const failed = reduce([
      { type: "requested", action: "start" },
      { type: "failed", ...FAILURE },
    ]);
    expect(failed.failure).toEqual(FAILURE);
    expect(failed.pending).toBeNull();
    expect(reduce([{ type: "requested", action: "start" }], failed).failure).toBeNull();
    const signIn = reduce([{ type: "sign-in-required", why: "needed" }], failed);
    expect(signIn.signInRequired).toBe(true);
    expect(reduce([{ type: "signed-in" }], signIn).signInRequired).toBe(false);
  });

  it("returns the same state for a repeated connection state (no re-render)", () => {
    const live = reduce([{ type: "connection", state: "live" }]);
    expect(syncReducer(live, { type: "connection", state: "live" })).toBe(live);
    expect(syncReducer(live, { type: "connection", state: "polling" }).connection).toBe("polling");
  });
});

describe("failureEvent", () => {
  it("turns a missing token into sign-in, an API error into its detail, anything else into no detail", () => {
    expect(failureEvent("start", new SignInRequiredError())).toEqual({
      type: "sign-in-required",
      why: "needed",
    });
    expect(failureEvent("cancel", new ApiError(409, "Job already finished"))).toEqual({
      type: "failed",
      action: "cancel",
      detail: "Job already finished",
      status: 409,
      errors: [],
      retryAfterSeconds: null,
      retryAt: null,
    });
    expect(failureEvent("load", new TypeError("Failed to fetch"))).toEqual({
      type: "failed",
      action: "load",
      detail: null,
      status: null,
      errors: [],
      retryAfterSeconds: null,
      retryAt: null,
    });
  });
});
