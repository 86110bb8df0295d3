import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ScheduleSummary } from "../../control/api/schedule-summary";
import { createFakeApi } from "../support/fake-api";
import { makeJob } from "../support/jobs";
import { renderControl } from "../support/render-control";

/** The schedule line: on a record a schedule syncs, when the next run is due and how the last ended. */

function withSummary(summary: ScheduleSummary | number) {
  const api = createFakeApi(makeJob);
  api.override((request) => {
    if (!request.path.startsWith("/api/schedules/summary")) return undefined;
    const status = typeof summary === "number" ? summary : 200;
    return new Response(JSON.stringify(typeof summary === "number" ? { title: "Nope" } : summary), {
      status,
      headers: { "content-type": status === 200 ? "application/json" : "application/problem+json" },
    });
  });
  return api;
}

const scheduled: ScheduleSummary = {
  schedules: 1,
  nextRunAt: "2026-12-03T01:00:00.000Z",
  lastRun: {
    jobId: "j1",
    status: "failed",
    createdAt: "2026-12-02T01:00:00.000Z",
    endedAt: "2026-12-02T01:03:00.000Z",
  },
};

describe("schedule line", () => {
  it("asks for the record's summary and shows the next run in the user's zone and the last outcome", async () => {
    const view = renderControl({ api: withSummary(scheduled) });
    const line = await screen.findByTestId("bgsync-schedule");
    expect(line.textContent).toBe("Next scheduled sync: 12/3/2026 2:00 AM. Last scheduled sync: Failed");
    const asked = view.api.requests.find((r) => r.path.startsWith("/api/schedules/summary"));
    expect(asked?.path).toBe("/api/schedules/summary?entity=account&id=5f0c2a1e-7b3d-4c8e-9a6f-1d2e3f4a5b6c");
  });

  it("says so in French when every schedule is paused and none has run", async () => {
    renderControl({ api: withSummary({ schedules: 2, nextRunAt: null, lastRun: null }), lcid: 1036 });
    expect((await screen.findByTestId("bgsync-schedule")).textContent).toBe(
      "Synchronisations planifiées en pause",
    );
  });

  it("shows nothing for a record without schedules, or when the summary cannot be read", async () => {
    for (const summary of [{ schedules: 0, nextRunAt: null, lastRun: null }, 403]) {
      const view = renderControl({ api: withSummary(summary) });
      await waitFor(() =>
        expect(view.api.requests.some((r) => r.path.startsWith("/api/schedules/summary"))).toBe(true),
      );
      await screen.findByRole("button", { name: "Sync this record" });
      expect(screen.queryByTestId("bgsync-schedule")).toBeNull();
      view.unmount();
    }
  });
});
