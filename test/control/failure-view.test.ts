import { describe, expect, it } from "vitest";
import { describeFailure, failureText } from "../../control/failure-view";
import type { Failure } from "../../control/state/sync-reducer";
import { createStrings } from "../../control/strings";
import { readResx } from "../support/resx";

const resx = readResx(1033);
const strings = createStrings((key) => resx.get(key) ?? "");
const T0 = Date.parse("2026-12-07T12:00:00.000Z");
const throttled = (retryAt: number | null): Failure => ({
  action: "start",
  detail: "Too Many Requests",
  status: 429,
  errors: [],
  retryAfterSeconds: 30,
  retryAt,
});

describe("a throttled start", () => {
  it("counts its wait down on screen, never above what the API said, and waits", () => {
    const failure = throttled(T0 + 30_000);
    expect(describeFailure(failure, strings, T0).title).toBe("Dataverse is busy, trying again in 30 s");
    expect(describeFailure(failure, strings, T0 + 10_500).title).toBe(
      "Dataverse is busy, trying again in 20 s",
    );
    // A clock read before the failure (the first render) does not say more than Retry-After.
    expect(describeFailure(failure, strings, T0 - 5_000).retryInSeconds).toBe(30);
    // Late timer: "in 1 s", never "in 0 s" or less.
    expect(describeFailure(failure, strings, T0 + 31_000).retryInSeconds).toBe(1);
  });

  it("says a long wait in minutes, counting down in minutes and seconds", () => {
    const failure: Failure = { ...throttled(T0 + 600_000), retryAfterSeconds: 600 };
    expect(describeFailure(failure, strings, T0).title).toBe("Dataverse is busy, trying again in 10 min");
    expect(describeFailure(failure, strings, T0 + 1_000).title).toBe(
      "Dataverse is busy, trying again in 9 min 59 s",
    );
  });

  it("is said once as the API gave it, for the live region", () => {
    expect(failureText(describeFailure(throttled(T0 + 30_000), strings))).toBe(
      "Dataverse is busy, trying again in 30 s",
    );
  });

  it("throttled too often: no promise of another try, and nothing waits", () => {
    const view = describeFailure(throttled(null), strings, T0);
    expect(view).toMatchObject({ intent: "warning", retryInSeconds: null, tryAgain: false });
    expect(view.title).toBe("Dataverse is still busy. Try again in a few minutes.");
  });
});

describe("the API failing on its own side", () => {
  const failed = (status: number): Failure => ({
    action: "load",
    detail: "The request could not be completed.",
    status,
    errors: [],
    retryAfterSeconds: null,
    retryAt: null,
  });

  it("says so in people's words and offers Try again, instead of the API's own words", () => {
    expect(describeFailure(failed(500), strings)).toEqual({
      intent: "error",
      title: "The sync service ran into a problem",
      lines: [
        "A sync that already started continues in Dataverse. Try again in a moment; if it keeps happening, tell whoever runs the sync service.",
      ],
      items: [],
      tryAgain: true,
      retryInSeconds: null,
    });
  });

  it("keeps the outage wording for a gateway that could not reach it", () => {
    expect(describeFailure(failed(502), strings).title).toBe("The sync service can't be reached");
  });

  it("leaves a refusal (4xx) in the API's words, without Try again", () => {
    const view = describeFailure({ ...failed(409), action: "cancel", detail: "The job has ended." }, strings);
    expect(view).toMatchObject({ title: "The request failed: The job has ended.", tryAgain: false });
  });
});
