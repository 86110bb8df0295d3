import { makeStyles, shorthands, tokens } from "@fluentui/react-components";

export const useFailedRecordsStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
  },
  actions: {
    display: "flex",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalS,
  },
  // Up to 500 rows: the list scrolls inside the control instead of stretching the form.
  region: {
    maxHeight: "240px",
    overflowY: "auto",
    ...shorthands.border(tokens.strokeWidthThin, "solid", tokens.colorNeutralStroke2),
    ...shorthands.borderRadius(tokens.borderRadiusMedium),
    ":focus-visible": {
      outlineWidth: tokens.strokeWidthThick,
      outlineStyle: "solid",
      outlineColor: tokens.colorStrokeFocus2,
    },
  },
  list: {
    listStyleType: "none",
    ...shorthands.margin(0),
    ...shorthands.padding(tokens.spacingVerticalXS, tokens.spacingHorizontalS),
  },
  item: {
    display: "flex",
    flexDirection: "column",
    ...shorthands.padding(tokens.spacingVerticalXS, 0),
    overflowWrap: "anywhere",
  },
  reason: {
    color: tokens.colorNeutralForeground2,
  },
});
