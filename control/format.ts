import type { Strings } from "./strings";

/** The parts of the user's Dataverse settings that formatting needs (userSettings.*FormattingInfo). */
export interface FormatSettings {
  groupSeparator: string;
  groupSizes: number[];
  shortDatePattern: string;
  shortTimePattern: string;
  amDesignator: string;
  pmDesignator: string;
  /** Minutes to add to UTC for the user's time zone at that instant (userSettings.getTimeZoneOffsetMinutes). */
  timeZoneOffsetMinutes: (date: Date) => number;
}

export interface Formatter {
  count: (value: number) => string;
  dateTime: (value: Date) => string;
  /** The user's short time ("10:42 AM"), for "last update" on the same day. */
  time: (value: Date) => string;
  duration: (milliseconds: number) => string;
}

export function createFormatter(settings: FormatSettings, strings: Strings): Formatter {
  // Shift to the user's time zone, then read the UTC fields: the browser's zone is irrelevant.
  const inUserZone = (pattern: string, value: Date): string =>
    applyPattern(
      pattern,
      new Date(value.getTime() + settings.timeZoneOffsetMinutes(value) * 60_000),
      settings,
    );
  return {
    count: (value) => groupDigits(Math.round(value), settings.groupSeparator, settings.groupSizes),
    dateTime: (value) => inUserZone(`${settings.shortDatePattern} ${settings.shortTimePattern}`, value),
    time: (value) => inUserZone(settings.shortTimePattern, value),
    duration: (milliseconds) => formatDuration(strings, milliseconds),
  };
}

/** "17 s", "2 min 5 s", "10 min", "1 h 5 min": a duration in the user's language. */
export function formatDuration(strings: Strings, milliseconds: number): string {
  const seconds = Math.max(0, Math.round(milliseconds / 1000));
  if (seconds < 60) return strings.format("Duration_Seconds", seconds);
  // Whole minutes or hours say nothing of the smaller unit ("10 min", not "10 min 0 s").
  const [minutes, hours] = [Math.floor(seconds / 60), Math.floor(seconds / 3600)];
  if (seconds < 3600)
    return seconds % 60 === 0
      ? strings.format("Duration_MinutesOnly", minutes)
      : strings.format("Duration_Minutes", minutes, seconds % 60);
  return minutes % 60 === 0
    ? strings.format("Duration_HoursOnly", hours)
    : strings.format("Duration_Hours", hours, minutes % 60);
}

/** .NET NumberGroupSizes semantics: the last size repeats; a 0 stops grouping. */
export function groupDigits(value: number, separator: string, sizes: number[]): string {
  const sign = value < 0 ? "-" : "";
  let digits = String(Math.abs(value));
  const groups: string[] = [];
  let sizeIndex = 0;
  let size = sizes[0] ?? 3;
  while (size > 0 && digits.length > size) {
    groups.unshift(digits.slice(-size));
    digits = digits.slice(0, -size);
    sizeIndex = Math.min(sizeIndex + 1, sizes.length - 1);
    size = sizes[sizeIndex] ?? size;
  }
  groups.unshift(digits);
  return sign + groups.join(separator);
}

const PATTERN_TOKEN = /yyyy|yy|MMMM|MMM|MM|M|dddd|ddd|dd|d|HH|H|hh|h|mm|m|ss|s|tt|t|'[^']*'|"[^"]*"|\\./g;

/** Applies the subset of .NET custom date/time patterns that Dataverse short patterns use. */
function applyPattern(pattern: string, date: Date, settings: FormatSettings): string {
  const pad = (n: number): string => String(n).padStart(2, "0");
  const hours = date.getUTCHours();
  const hours12 = hours % 12 === 0 ? 12 : hours % 12;
  const designator = hours < 12 ? settings.amDesignator : settings.pmDesignator;
  const values: Record<string, string> = {
    yyyy: String(date.getUTCFullYear()),
    yy: pad(date.getUTCFullYear() % 100),
    MM: pad(date.getUTCMonth() + 1),
    M: String(date.getUTCMonth() + 1),
    dd: pad(date.getUTCDate()),
    d: String(date.getUTCDate()),
    HH: pad(hours),
    H: String(hours),
    hh: pad(hours12),
    h: String(hours12),
    mm: pad(date.getUTCMinutes()),
    m: String(date.getUTCMinutes()),
    ss: pad(date.getUTCSeconds()),
    s: String(date.getUTCSeconds()),
    tt: designator,
    t: designator.slice(0, 1),
  };
  return pattern.replace(PATTERN_TOKEN, (token) => {
    if (token.startsWith("'") || token.startsWith('"')) return token.slice(1, -1);
    if (token.startsWith("\\")) return token.slice(1);
    // Month and weekday names never appear in short patterns; numbers beat English words if they do.
    if (token === "MMM" || token === "MMMM") return values.MM ?? "";
    return values[token] ?? "";
  });
}
