import * as React from "react";
import { render, type RenderResult } from "@testing-library/react";
import { vi, type Mock } from "vitest";
import { noAuthTokenProvider, type TokenProvider } from "../../control/auth/token-provider";
import { BackgroundSync } from "../../control/components/BackgroundSync";
import { contextToProps } from "../../control/context-to-props";
import { createControlDeps } from "../../control/deps";
import { createFakeApi, type FakeApi } from "./fake-api";
import { makeJob } from "./jobs";
import { createMockContext, type MockContext, type MockContextOptions } from "./mock-context";

export interface RenderControlOptions extends MockContextOptions {
  api?: FakeApi;
  tokenProvider?: TokenProvider;
}

export interface RenderedControl extends RenderResult {
  api: FakeApi;
  mock: MockContext;
  onJobIdChange: Mock<(jobId: string) => void>;
  lifetime: AbortController;
  /** Renders again from the (possibly changed) mock context, as the platform's updateView does. */
  update(): void;
}

/** Renders the control's React tree from the shared mock context, through the real context-to-props. */
export function renderControl(options: RenderControlOptions = {}): RenderedControl {
  const api = options.api ?? createFakeApi(makeJob);
  const mock = createMockContext(options);
  const deps = createControlDeps(() => options.tokenProvider ?? noAuthTokenProvider, api.fetch);
  const lifetime = new AbortController();
  const onJobIdChange = vi.fn<(jobId: string) => void>();
  const element = () => (
    <BackgroundSync {...contextToProps(mock.context, { deps, onJobIdChange, lifetime: lifetime.signal })} />
  );
  const result = render(element());
  return { ...result, api, mock, onJobIdChange, lifetime, update: () => result.rerender(element()) };
}
