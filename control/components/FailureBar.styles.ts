import { makeStyles, shorthands, tokens } from "@fluentui/react-components";

export const useFailureBarStyles = makeStyles({
  list: {
    ...shorthands.margin(tokens.spacingVerticalXS, 0, 0),
    paddingLeft: tokens.spacingHorizontalL,
  },
});
