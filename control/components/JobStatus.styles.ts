import { makeStyles, tokens } from "@fluentui/react-components";

export const useJobStatusStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
    minWidth: 0,
    // Focus lands here after a start: a visible ring, but no shift of the layout.
    ":focus-visible": {
      outlineStyle: "solid",
      outlineWidth: tokens.strokeWidthThick,
      outlineColor: tokens.colorStrokeFocus2,
      outlineOffset: tokens.strokeWidthThick,
    },
  },
  header: {
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
    flexWrap: "wrap",
  },
  detail: {
    color: tokens.colorNeutralForeground2,
    overflowWrap: "anywhere",
  },
  error: {
    overflowWrap: "anywhere",
  },
  retry: {
    color: tokens.colorPaletteDarkOrangeForeground1,
    fontWeight: tokens.fontWeightSemibold,
  },
  retryBar: {
    backgroundColor: tokens.colorPaletteDarkOrangeBackground3,
  },
  // A canceled job stopped by choice: neither the brand's "all is well" nor a warning.
  endedNeutralBar: {
    backgroundColor: tokens.colorNeutralForeground3,
  },
  errorMeta: {
    display: "block",
    color: tokens.colorNeutralForeground2,
  },
});
