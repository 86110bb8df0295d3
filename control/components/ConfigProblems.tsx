import * as React from "react";
import { MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import type { ConfigProblem } from "../config";
import type { Strings } from "../strings";
import { useConfigProblemsStyles } from "./ConfigProblems.styles";

export interface ConfigProblemsProps {
  problems: ConfigProblem[];
  strings: Strings;
}

/** Tells the maker what to fix in the form designer, instead of an empty box and a console error. */
export function ConfigProblems({ problems, strings }: ConfigProblemsProps): React.ReactElement {
  const styles = useConfigProblemsStyles();
  return (
    <MessageBar intent="error" layout="multiline" data-testid="bgsync-config-error">
      <MessageBarBody>
        <MessageBarTitle>{strings.text("Config_Title")}</MessageBarTitle>
        <ul className={styles.list}>
          {problems.map((problem, index) => (
            <li key={index}>{strings.format(problem.key, problem.arg ?? "")}</li>
          ))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}
