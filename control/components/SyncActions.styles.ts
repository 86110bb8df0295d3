import { makeStyles, tokens } from "@fluentui/react-components";

export const useSyncActionsStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    rowGap: tokens.spacingVerticalXS,
  },
  row: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXS,
  },
  compact: {
    alignItems: "stretch",
  },
  note: {
    color: tokens.colorNeutralForeground2,
  },
});
