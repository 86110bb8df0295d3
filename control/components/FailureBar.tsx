import * as React from "react";
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from "@fluentui/react-components";
import type { FailureView } from "../failure-view";
import type { Strings } from "../strings";
import { useFailureBarStyles } from "./FailureBar.styles";

export interface FailureBarProps {
  /** The message's id, for what it describes (the start button while a throttled start waits). */
  id?: string;
  view: FailureView;
  strings: Strings;
  onTryAgain: () => void;
}

/** A failed request. MessageBar names itself after its title, so there always is one. */
export function FailureBar({ id, view, strings, onTryAgain }: FailureBarProps): React.ReactElement {
  const styles = useFailureBarStyles();
  return (
    <MessageBar intent={view.intent} layout="multiline" data-testid="bgsync-failure">
      <MessageBarBody id={id}>
        <MessageBarTitle>{view.title}</MessageBarTitle>
        {view.lines.map((line, index) => (
          <div key={index}>{line}</div>
        ))}
        {view.items.length > 0 && (
          <ul className={styles.list}>
            {view.items.map((item, index) => (
              <li key={index}>{item}</li>
            ))}
          </ul>
        )}
      </MessageBarBody>
      {view.tryAgain && (
        <MessageBarActions>
          <Button onClick={onTryAgain}>{strings.text("TryAgain")}</Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
