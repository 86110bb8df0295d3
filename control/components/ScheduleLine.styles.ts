import { makeStyles, tokens } from "@fluentui/react-components";

export const useScheduleLineStyles = makeStyles({
  root: {
    color: tokens.colorNeutralForeground3,
  },
});
