import { makeStyles, tokens } from "@fluentui/react-components";

export const useJobActionsStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
  },
  buttons: {
    display: "flex",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
  },
  note: {
    color: tokens.colorNeutralForeground2,
  },
});
