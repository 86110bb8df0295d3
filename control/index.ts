import * as React from "react";
import type { IInputs, IOutputs } from "../generated/ManifestTypes";

export class BackgroundSync implements ComponentFramework.ReactControl<IInputs, IOutputs> {
  public init(): void {}
  public updateView(): React.ReactElement {
    return React.createElement("div", null, "Background Sync");
  }
  public getOutputs(): IOutputs {
    return {};
  }
  public destroy(): void {}
}
