/**
 * Wall-clock times in an IANA time zone, as milliseconds of a naive clock (the wall clock's reading
 * written as if it were UTC), and back to instants. A zone's offset changes at most once in any
 * 24 hours (tzdb has no zone that changes twice in a day), which the reverse mapping relies on.
 */

const HOUR = 3_600_000;
const MINUTE = 60_000;
const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** What a clock on the wall in `timeZone` reads at `instant`, as naive milliseconds. */
export function wallClock(instant: number, timeZone: string): number {
  const part: Record<string, number> = {};
  for (const p of formatIn(timeZone).formatToParts(instant)) part[p.type] = Number(p.value);
  const wall = Date.UTC(part.year!, part.month! - 1, part.day, part.hour, part.minute, part.second);
  return wall + (instant % 1000);
}

/**
 * The instant the wall clock reads `wall`. Read twice (an autumn fall-back): the first time. Never
 * read (inside a spring-forward's gap): the first instant after the gap, where the clock jumps.
 */
export function instantOf(wall: number, timeZone: string): number {
  const offsets = new Set([-12, 12].map((h) => wallClock(wall + h * HOUR, timeZone) - (wall + h * HOUR)));
  // Earliest first, so the first reading is the first occurrence.
  const candidates = [...offsets].map((offset) => wall - offset).sort((a, b) => a - b);
  const readings = candidates.filter((t) => wallClock(t, timeZone) === wall);
  if (readings.length > 0 || candidates.length === 1) return readings[0] ?? candidates[0]!;
  // In the gap: the clock reads less than `wall` before the jump and more after it. Offsets are
  // whole minutes, so the jump is found to the minute.
  let [before, after] = candidates as [number, number];
  while (after - before > MINUTE) {
    const middle = before + Math.max(MINUTE, Math.floor((after - before) / 2 / MINUTE) * MINUTE);
    if (wallClock(middle, timeZone) > wall) after = middle;
    else before = middle;
  }
  return after;
}
