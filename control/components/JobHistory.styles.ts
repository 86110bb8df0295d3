import { makeStyles, shorthands, tokens } from "@fluentui/react-components";

export const useJobHistoryStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
  },
  list: {
    listStyleType: "none",
    ...shorthands.margin(0),
    ...shorthands.padding(0),
    display: "flex",
    flexDirection: "column",
  },
  row: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXXS,
    ...shorthands.padding(tokens.spacingVerticalXS, 0),
    ...shorthands.borderTop(tokens.strokeWidthThin, "solid", tokens.colorNeutralStroke2),
  },
  header: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "baseline",
    columnGap: tokens.spacingHorizontalS,
  },
  title: { ...shorthands.margin(0) },
  part: { whiteSpace: "nowrap" },
  reason: {
    flexBasis: "100%",
    color: tokens.colorNeutralForeground2,
    overflowWrap: "anywhere",
  },
  status: { minWidth: "96px" },
  meta: {
    color: tokens.colorNeutralForeground2,
    overflowWrap: "anywhere",
  },
  compactRow: {
    flexDirection: "column",
    alignItems: "flex-start",
  },
});
