import { makeStyles, tokens } from "@fluentui/react-components";

export const useLiveSyncStyles = makeStyles({
  root: {
    position: "relative",
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
    minWidth: 0,
  },
});
