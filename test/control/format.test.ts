import { describe, expect, it } from "vitest";
import { createFormatter, groupDigits, type FormatSettings } from "../../control/format";
import { createStrings } from "../../control/strings";
import { readResx } from "../support/resx";

const en: FormatSettings = {
  groupSeparator: ",",
  groupSizes: [3],
  shortDatePattern: "M/d/yyyy",
  shortTimePattern: "h:mm tt",
  amDesignator: "AM",
  pmDesignator: "PM",
  timeZoneOffsetMinutes: () => -300,
};
const strings = (lcid: number) => {
  const resx = readResx(lcid);
  return createStrings((key) => resx.get(key) ?? "");
};

describe("formatter", () => {
  it("groups digits with the user's separator and .NET group sizes", () => {
    expect(groupDigits(3000, ",", [3])).toBe("3,000");
    expect(groupDigits(1234567, "\u00a0", [3])).toBe("1\u00a0234\u00a0567");
    expect(groupDigits(12345678, ",", [3, 2])).toBe("1,23,45,678");
    expect(groupDigits(-1500, ".", [3])).toBe("-1.500");
    expect(groupDigits(999, ",", [3])).toBe("999");
    expect(groupDigits(1234567, ",", [3, 0])).toBe("1234,567");
  });

  it("formats dates with the user's short patterns in the user's time zone, not the browser's", () => {
    const format = createFormatter(en, strings(1033));
    expect(format.dateTime(new Date("2026-11-26T14:05:00Z"))).toBe("11/26/2026 9:05 AM");
    const fr = createFormatter(
      { ...en, shortDatePattern: "dd/MM/yyyy", shortTimePattern: "HH:mm", timeZoneOffsetMinutes: () => 60 },
      strings(1036),
    );
    expect(fr.dateTime(new Date("2026-11-26T23:30:00Z"))).toBe("27/11/2026 00:30");
  });

  it("writes durations with the localized units", () => {
    const format = createFormatter(en, strings(1033));
    expect(format.duration(4_400)).toBe("4 s");
    expect(format.duration(65_000)).toBe("1 min 5 s");
    expect(format.duration(3_900_000)).toBe("1 h 5 min");
    // A whole unit says nothing of the smaller one.
    expect(format.duration(600_000)).toBe("10 min");
    expect(format.duration(7_200_000)).toBe("2 h");
    expect(format.duration(7_230_000)).toBe("2 h");
  });
});
