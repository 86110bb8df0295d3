import { makeStyles, shorthands, tokens } from "@fluentui/react-components";

export const useConnectionIndicatorStyles = makeStyles({
  root: {
    display: "inline-flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalXS,
    color: tokens.colorNeutralForeground3,
  },
  dot: {
    width: "8px",
    height: "8px",
    flexShrink: 0,
    ...shorthands.borderRadius(tokens.borderRadiusCircular),
    ...shorthands.border(tokens.strokeWidthThin, "solid", "currentColor"),
  },
  live: { backgroundColor: tokens.colorPaletteGreenForeground1 },
  degraded: { backgroundColor: tokens.colorPaletteYellowForeground1 },
  pending: { backgroundColor: "transparent" },
});
