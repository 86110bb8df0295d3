import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BackgroundSync } from "../../control/index";
import { createFakeApi, type FakeApi } from "../support/fake-api";
import { makeJob, running } from "../support/jobs";
import { createMockContext, type MockContextOptions } from "../support/mock-context";

let api: FakeApi;

beforeEach(() => {
  api = createFakeApi(makeJob);
  // index.ts builds its own dependencies, like the platform would: swap the network underneath.
  vi.stubGlobal("fetch", api.fetch);
});
afterEach(() => vi.unstubAllGlobals());

function mountControl(options: MockContextOptions = {}) {
  const mock = createMockContext(options);
  const control = new BackgroundSync();
  const notifyOutputChanged = vi.fn();
  control.init(mock.context, notifyOutputChanged);
  const view = render(control.updateView(mock.context));
  return {
    mock,
    control,
    notifyOutputChanged,
    view,
    rerender: () => view.rerender(control.updateView(mock.context)),
  };
}

describe("control lifecycle", () => {
  it("init asks the platform to track the container size", () => {
    const { mock } = mountControl();
    expect(mock.trackContainerResize).toHaveBeenCalledWith(true);
  });

  it("a started job is written to the bound column through notifyOutputChanged + getOutputs", async () => {
    const user = userEvent.setup();
    const { control, notifyOutputChanged, mock, rerender } = mountControl();
    expect(control.getOutputs()).toEqual({ jobId: undefined });
    await user.click(await screen.findByRole("button", { name: "Sync this record" }));
    await waitFor(() => expect(notifyOutputChanged).toHaveBeenCalledOnce());
    const jobId = control.getOutputs().jobId;
    expect(jobId).toBe([...api.jobs.keys()][0]);
    // The platform saves the column and renders again with it: no second notification, same stream.
    mock.setRaw("jobId", jobId ?? null);
    rerender();
    await waitFor(() => expect(api.openStreams()).toBe(1));
    expect(notifyOutputChanged).toHaveBeenCalledOnce();
  });

  it("reopening a record whose column holds a running job reconnects to it", async () => {
    const job = running(makeJob(), 1200, 3000, 2);
    api.publish(job);
    mountControl({ parameters: { jobId: job.id } });
    await screen.findByText("1,200 of 3,000 records (40%)");
    await waitFor(() => expect(api.openStreams()).toBe(1));
    api.publish(running(job, 2400, 3000, 3));
    await screen.findByText("2,400 of 3,000 records (80%)");
  });

  it("without a stored id, a running job of the record is still found through the history", async () => {
    const job = running(makeJob(), 10, 100);
    api.publish(job);
    mountControl();
    await screen.findByText("10 of 100 records (10%)");
    await waitFor(() => expect(api.openStreams()).toBe(1));
  });

  it("updateView with new inputs re-renders with them (label, then a broken configuration)", async () => {
    const { mock, rerender } = mountControl();
    await screen.findByRole("button", { name: "Sync this record" });
    mock.setRaw("buttonLabel", "Send to ERP");
    rerender();
    await screen.findByRole("button", { name: "Send to ERP" });
    mock.setRaw("apiBaseUrl", "");
    rerender();
    await screen.findByTestId("bgsync-config-error");
  });

  it("destroy closes the stream even if the platform keeps the React tree mounted", async () => {
    const job = running(makeJob(), 1, 10);
    api.publish(job);
    const { control } = mountControl({ parameters: { jobId: job.id } });
    await waitFor(() => expect(api.openStreams()).toBe(1));
    const stream = api.requests.find((request) => request.path.endsWith("/events"));
    control.destroy();
    expect(stream?.signal?.aborted).toBe(true);
    await waitFor(() => expect(api.openStreams()).toBe(0));
    expect(api.requests.filter((request) => request.path.endsWith("/events"))).toHaveLength(1);
  });
});
