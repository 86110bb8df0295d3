import { makeStyles, tokens } from "@fluentui/react-components";

const FORCED_FILL = { "@media (forced-colors: active)": { backgroundColor: "Highlight" } };

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
  // The track's edge, so that a bar stopped part way reads against its whole length; in forced
  // colours Fluent paints the track in the text colour, next to no contrast with the fill.
  track: {
    outlineStyle: "solid",
    outlineWidth: tokens.strokeWidthThin,
    outlineColor: tokens.colorNeutralStrokeAccessible,
    "@media (forced-colors: active)": { backgroundColor: "Canvas", outlineColor: "CanvasText" },
  },
  // An ended job's fill in its outcome's foreground shade: 3:1 against the card and the track in
  // the light and the dark theme alike (WCAG 1.4.11), which Fluent's bar colours miss in the dark.
  endedSuccess: { backgroundColor: tokens.colorPaletteGreenForeground1, ...FORCED_FILL },
  endedWarning: { backgroundColor: tokens.colorPaletteDarkOrangeForeground1, ...FORCED_FILL },
  endedError: { backgroundColor: tokens.colorPaletteRedForeground1, ...FORCED_FILL },
  // A canceled job stopped by choice: neither the brand's "all is well" nor a warning.
  endedNeutral: { backgroundColor: tokens.colorNeutralForeground3, ...FORCED_FILL },
  errorMeta: {
    display: "block",
    color: tokens.colorNeutralForeground2,
  },
});
