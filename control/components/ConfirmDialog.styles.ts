import { makeStyles, tokens } from "@fluentui/react-components";

/** Fluent's dialog look on a native <dialog> (tokens reach it: it stays inside the FluentProvider). */
export const useConfirmDialogStyles = makeStyles({
  dialog: {
    boxSizing: "border-box",
    width: "min(480px, calc(100vw - 32px))",
    padding: tokens.spacingHorizontalXXL,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorTransparentStroke}`,
    borderRadius: tokens.borderRadiusXLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    boxShadow: tokens.shadow64,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    // ::backdrop inherits from its dialog (CSS Position 4), so the token resolves here too.
    "::backdrop": { backgroundColor: tokens.colorBackgroundOverlay },
  },
  title: {
    margin: "0",
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    fontWeight: tokens.fontWeightSemibold,
  },
  body: {
    margin: `${tokens.spacingVerticalS} 0 ${tokens.spacingVerticalXXL}`,
  },
  actions: {
    display: "flex",
    flexWrap: "wrap",
    justifyContent: "flex-end",
    gap: tokens.spacingHorizontalS,
  },
});
