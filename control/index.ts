import * as React from "react";
import type { IInputs, IOutputs } from "../generated/ManifestTypes";
import { createMsalTokenProvider } from "./auth/msal-token-provider";
import { BackgroundSync as BackgroundSyncView } from "./components/BackgroundSync";
import { contextToProps } from "./context-to-props";
import { createControlDeps, type ControlDeps } from "./deps";

/** PCF glue only: everything else is plain React that never sees ComponentFramework objects. */
export class BackgroundSync implements ComponentFramework.ReactControl<IInputs, IOutputs> {
  private notifyOutputChanged: () => void = () => undefined;
  private deps: ControlDeps = createControlDeps(createMsalTokenProvider);
  private lifetime = new AbortController();
  private jobId: string | undefined;

  public init(context: ComponentFramework.Context<IInputs>, notifyOutputChanged: () => void): void {
    this.notifyOutputChanged = notifyOutputChanged;
    // Without this the platform never fills allocatedWidth (the compact layout depends on it).
    context.mode.trackContainerResize(true);
  }

  public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
    return React.createElement(
      BackgroundSyncView,
      contextToProps(context, {
        deps: this.deps,
        onJobIdChange: this.onJobIdChange,
        lifetime: this.lifetime.signal,
      }),
    );
  }

  public getOutputs(): IOutputs {
    return { jobId: this.jobId };
  }

  public destroy(): void {
    this.lifetime.abort();
  }

  /** Stable across renders: hooks depend on it. Writes the bound column so a reopened record reconnects. */
  private readonly onJobIdChange = (jobId: string): void => {
    if (jobId === this.jobId) return;
    this.jobId = jobId;
    this.notifyOutputChanged();
  };
}
