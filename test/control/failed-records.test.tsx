import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Job } from "../../control/api/job";
import { createFakeApi } from "../support/fake-api";
import { finished, makeJob, running } from "../support/jobs";
import { renderControl } from "../support/render-control";

/** Issue 14: progress within a batch, and partial failures shown, listed and retried. */

const status = () => screen.getByTestId("bgsync-status");

function partlyFailed(overrides: Partial<Job> = {}): Job {
  return finished(running(makeJob(), 3840, 4000, 3), "succeeded", {
    progress: { synced: 3840, failed: 2, total: 4000, batches: 3 },
    failedRecords: { listed: 2, dropped: 0, retryable: true },
    ...overrides,
  });
}

async function show(job: Job, lcid?: 1033 | 1036) {
  const api = createFakeApi(makeJob);
  api.publish(job);
  api.failures.set(job.id, {
    items: [
      { id: "a1", name: "Contoso Foods Ltd 1", reason: "Missing VAT number." },
      { id: "b2", name: null, reason: "Duplicate customer." },
    ],
    failed: 2,
    dropped: 0,
    retryable: true,
  });
  const view = renderControl({ api, parameters: { jobId: job.id }, lcid });
  await screen.findByTestId("bgsync-status");
  return view;
}

describe("a job whose records partly failed", () => {
  it("says Completed with errors in a warning tone, not Succeeded", async () => {
    await show(partlyFailed());
    expect(status().getAttribute("data-status")).toBe("succeeded");
    expect(status().getAttribute("data-kind")).toBe("completedWithErrors");
    expect(within(status()).getByText("Completed with errors")).toBeTruthy();
    expect(within(status()).queryByText("Succeeded")).toBeNull();
    expect(status().querySelector('[data-icon="completedWithErrors"]')).not.toBeNull();
    expect(screen.getByTestId("bgsync-failures-note").textContent).toBe(
      "The external system rejected 2 records. Fix the cause, then retry only those records.",
    );
  });

  it("lists the failed records with their reasons behind a disclosure read only when opened", async () => {
    const { api } = await show(partlyFailed());
    const toggle = screen.getByRole("button", { name: "Show failed records (2)" });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(api.requests.some((r) => r.path.endsWith("/failures"))).toBe(false);
    await userEvent.click(toggle);
    const list = await screen.findByRole("region", { name: "Failed records" });
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(toggle.getAttribute("aria-controls")).toBe(list.id);
    expect(toggle.textContent).toBe("Hide failed records");
    const items = within(list).getAllByRole("listitem");
    expect(items.map((item) => item.textContent)).toEqual([
      "Contoso Foods Ltd 1Missing VAT number.",
      "b2Duplicate customer.",
    ]);
  });

  it("says so when the list cannot be loaded", async () => {
    const { api } = await show(partlyFailed());
    api.override((r) => (r.path.endsWith("/failures") ? new Response("{}", { status: 503 }) : undefined));
    await userEvent.click(screen.getByRole("button", { name: "Show failed records (2)" }));
    expect(await screen.findByText("The failed records could not be loaded. Try again later.")).toBeTruthy();
  });

  it("Retry failed records starts a new job for only those records and follows it", async () => {
    const job = partlyFailed();
    const { api, onJobIdChange } = await show(job);
    await userEvent.click(screen.getByRole("button", { name: "Retry failed records" }));
    await waitFor(() => expect(within(status()).getByText("Queued")).toBeTruthy());
    const retry = api.requests.find((r) => r.method === "POST" && r.path.endsWith("/retry-failed"));
    expect(retry?.path).toBe(`/api/jobs/${job.id}/retry-failed`);
    const started = [...api.jobs.values()].find((j) => j.id !== job.id)!;
    expect(started.parameters).toMatchObject({ RecordIds: ["a1", "b2"] });
    expect(onJobIdChange).toHaveBeenLastCalledWith(started.id);
    expect(screen.queryByTestId("bgsync-failures")).toBeNull();
  });

  it("offers no retry when the list was cut short, and says why", async () => {
    await show(
      partlyFailed({
        progress: { synced: 0, failed: 812, total: 812, batches: 2 },
        failedRecords: { listed: 500, dropped: 312, retryable: false },
      }),
    );
    expect(screen.queryByRole("button", { name: "Retry failed records" })).toBeNull();
    expect(screen.getByTestId("bgsync-failures-note").textContent).toBe(
      "Only the first 500 of 812 failed records were kept; run a full sync to retry them all.",
    );
    expect(screen.getByRole("button", { name: "Show failed records (500)" })).toBeTruthy();
  });

  it("without a list (a plug-in that names none) says so, with nothing to open or retry", async () => {
    await show(partlyFailed({ failedRecords: { listed: 0, dropped: 0, retryable: false } }));
    expect(screen.getByTestId("bgsync-failures-note").textContent).toBe(
      "The sync did not say which records failed; run a full sync to retry them.",
    );
    expect(screen.queryByTestId("bgsync-failures-toggle")).toBeNull();
    expect(screen.queryByTestId("bgsync-retry-failed")).toBeNull();
  });

  it("after a failed job lists its failed records but leaves Resume the one way on", async () => {
    await show(
      partlyFailed({
        status: "failed",
        error: { code: "0x80040265", message: "ERP down", batch: 3 },
      }),
    );
    expect(screen.getByRole("button", { name: "Show failed records (2)" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Retry failed records" })).toBeNull();
    expect(screen.getByRole("button", { name: "Resume" })).toBeTruthy();
  });

  it("shows an earlier job that completed with errors so in the history too", async () => {
    const api = createFakeApi(makeJob);
    const earlier = partlyFailed({ createdAt: "2026-11-25T10:00:00.000Z" });
    const latest = finished(running(makeJob(), 10, 10), "succeeded");
    api.publish(earlier);
    api.publish(latest);
    renderControl({ api, parameters: { jobId: latest.id } });
    const history = await screen.findByRole("region", { name: "Recent syncs" });
    const row = await within(history).findByText("Completed with errors");
    expect(row.closest("[data-job-id]")?.getAttribute("data-job-id")).toBe(earlier.id);
    expect(within(status()).getByText("Succeeded")).toBeTruthy();
  });

  it("speaks French", async () => {
    await show(partlyFailed(), 1036);
    expect(within(status()).getByText("Terminé avec des erreurs")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Réessayer les enregistrements en échec" })).toBeTruthy();
  });
});

describe("progress within a batch", () => {
  it("moves the bar and the text as the plug-in reports, before the batch ends", async () => {
    const api = createFakeApi(makeJob);
    const job = running(makeJob(), 0, null, 0);
    const op = {
      batch: 1,
      backgroundOperationId: "bg-1",
      stateCode: 2,
      statusCode: 20,
      retryCount: 0,
      createdAt: "2026-11-26T10:00:00.000Z",
      startedAt: "2026-11-26T10:00:01.000Z",
      endedAt: null,
    };
    api.publish({ ...job, operations: [op] });
    renderControl({ api, parameters: { jobId: job.id } });
    await waitFor(() =>
      expect(screen.getByTestId("bgsync-progress").textContent).toBe("Dataverse is running the first batch"),
    );
    api.publish({ ...job, operations: [{ ...op, progress: { done: 1200, total: 4000 } }] });
    await waitFor(() =>
      expect(screen.getByTestId("bgsync-progress").textContent).toBe("1,200 of 4,000 records (30%)"),
    );
    expect(screen.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("0.3");
    api.publish({ ...job, operations: [{ ...op, progress: { done: 2400, total: 4000 } }] });
    await waitFor(() => expect(screen.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("0.6"));
  });
});
