/** Keys of the visible texts in strings/BackgroundSync.<lcid>.resx (manifest keys excluded). */
export const STRING_KEYS = [
  "SyncNow_record",
  "SyncNow_table",
  "Starting",
  "Loading",
  "Status_queued",
  "Status_running",
  "Status_canceling",
  "Status_succeeded",
  "Status_failed",
  "Status_canceled",
  "Progress_Records",
  "Progress_RecordsNoTotal",
  "Progress_Waiting",
  "Progress_FirstBatch",
  "Summary_Synced",
  "Summary_Failed",
  "Summary_Duration",
  "Duration_Seconds",
  "Duration_Minutes",
  "Duration_Hours",
  "Error_Batch",
  "Error_Code",
  "Error_Unknown",
  "Cancel",
  "Cancel_Note",
  "Resume",
  "Retry",
  "History_Title",
  "History_Empty",
  "History_By",
  "History_When",
  "History_Duration",
  "History_Count",
  "History_ShowMore",
  "History_Unavailable",
  "History_Loading",
  "History_NoOthers",
  "Connection_Connecting",
  "Connection_Live",
  "Connection_Reconnecting",
  "Connection_Polling",
  "Disabled_Unsaved",
  "Disabled_ReadOnly",
  "Disabled_Offline",
  "SignIn",
  "SignIn_Prompt",
  "SignIn_Refused",
  "SignIn_Blocked",
  "SignIn_Unavailable",
  "Config_Title",
  "Config_ApiBaseUrl",
  "Config_TemplateJson",
  "Config_TemplateToken",
  "Config_Auth",
  "Config_AuthorityUrl",
  "Config_HistoryRows",
  "Confirm_Title",
  "Confirm_Body",
  "Confirm_Ok",
  "Confirm_Back",
  "Error_Start",
  "Error_Action",
  "Error_Network",
  "Announce_Status",
  "Status_Label",
  "CancelConfirm_Title",
  "CancelConfirm_Keep",
  "CancelConfirm_Ok",
  "Hint_Resume",
  "Hint_Retry",
  "Error_Title_Batch",
  "Error_Title",
  "Error_Next_Resume",
  "Error_Next_Retry",
  "Error_Retries",
  "Error_Progress",
  "Error_ProgressNoTotal",
  "Error_Details",
  "Failure_StartTitle",
  "Failure_InvalidParameters",
  "Failure_Busy",
  "Failure_BusyGaveUp",
  "Failure_OutageTitle",
  "Failure_OutageBody",
  "TryAgain",
  "Time_Elapsed",
  "Time_Left",
  "Time_LastUpdate",
  "Retry_Batch",
  "Schedule_Next",
  "Schedule_Paused",
  "Schedule_Last",
  "Status_completedWithErrors",
  "Failures_Hint",
  "Failures_Show",
  "Failures_Hide",
  "Failures_Title",
  "Failures_Loading",
  "Failures_Unavailable",
  "Failures_Dropped",
  "Failures_Unnamed",
  "Failures_Retry",
] as const;

export type StringKey = (typeof STRING_KEYS)[number];

export interface Strings {
  text: (key: StringKey) => string;
  /** Replaces {0}, {1}, ... like .NET String.Format, the convention of resx files. */
  format(key: StringKey, ...args: (string | number)[]): string;
}

export function createStrings(getString: (key: string) => string): Strings {
  const text = (key: StringKey): string => {
    const value = getString(key);
    // The platform returns the key itself (or an empty string) for a missing resource.
    return value === "" ? key : value;
  };
  return {
    text,
    format: (key, ...args) =>
      text(key).replace(/\{(\d+)\}/g, (match, index: string) => {
        const arg = args[Number(index)];
        return arg === undefined ? match : String(arg);
      }),
  };
}
