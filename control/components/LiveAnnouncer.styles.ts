import { makeStyles, shorthands } from "@fluentui/react-components";

/** Visually hidden but read by screen readers (the usual clip pattern). */
export const useLiveAnnouncerStyles = makeStyles({
  hidden: {
    position: "absolute",
    width: "1px",
    height: "1px",
    ...shorthands.margin("-1px"),
    ...shorthands.padding(0),
    ...shorthands.overflow("hidden"),
    clipPath: "inset(50%)",
    whiteSpace: "nowrap",
    ...shorthands.borderWidth(0),
  },
});
