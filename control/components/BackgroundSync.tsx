import * as React from "react";
import { FluentProvider, mergeClasses, type Theme } from "@fluentui/react-components";
import type { ConfigResult } from "../config";
import type { ControlDeps, LoginHint } from "../deps";
import type { Formatter } from "../format";
import type { Strings } from "../strings";
import { useBackgroundSyncStyles } from "./BackgroundSync.styles";
import { ConfigProblems } from "./ConfigProblems";
import { SyncPanel } from "./SyncPanel";

export type DisabledReason = "unsaved" | "readOnly" | "offline";

/** Record-bound lookups, wrapped by context-to-props so that components never see `context.webAPI`. */
export interface RecordServices {
  readColumns: (names: string[]) => Promise<Record<string, string | null>>;
  loginHint: LoginHint;
}

export interface BackgroundSyncProps {
  config: ConfigResult;
  record: { entityName: string; id: string | null };
  boundJobId: string | null;
  disabledReason: DisabledReason | null;
  /** Allocated width in pixels, null when the host does not say. */
  width: number | null;
  theme: Theme;
  strings: Strings;
  format: Formatter;
  services: RecordServices;
  deps: ControlDeps;
  onJobIdChange: (jobId: string) => void;
  /** Aborted by the control's destroy(). */
  lifetime: AbortSignal;
  className?: string;
}

/** Below this width the control stacks everything in one column (model-driven forms go down to ~300 px). */
export const COMPACT_WIDTH = 350;

export function BackgroundSync(props: BackgroundSyncProps): React.ReactElement {
  const styles = useBackgroundSyncStyles();
  const compact = props.width !== null && props.width < COMPACT_WIDTH;
  const { config, record } = props;
  return (
    <FluentProvider
      theme={props.theme}
      className={mergeClasses(styles.root, props.className)}
      data-testid="bgsync-root"
      data-compact={compact ? "true" : "false"}
    >
      {!config.ok ? (
        <ConfigProblems problems={config.problems} strings={props.strings} />
      ) : (
        <SyncPanel
          config={config.config}
          record={record}
          boundJobId={props.boundJobId}
          disabledReason={props.disabledReason}
          compact={compact}
          strings={props.strings}
          format={props.format}
          services={props.services}
          deps={props.deps}
          onJobIdChange={props.onJobIdChange}
          lifetime={props.lifetime}
        />
      )}
    </FluentProvider>
  );
}
