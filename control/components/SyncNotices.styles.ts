import { makeStyles, tokens } from "@fluentui/react-components";

export const useSyncNoticesStyles = makeStyles({
  signIn: {
    color: tokens.colorNeutralForeground2,
  },
});
