import { Cron } from "croner";
import { instantOf, wallClock } from "./wall-clock";

/**
 * Cron expressions read in an IANA time zone: a daily 06:00 in Europe/Paris is 05:00Z in winter and
 * 04:00Z in summer. Across a change of offset they follow Vixie cron's rule. An expression with set
 * hours names wall-clock times: those a spring-forward skips (02:00 and 02:30 on 2026-03-29 in
 * Paris) run once, at the first minute after the gap (03:00); those an autumn fall-back repeats
 * (02:30 on 2026-10-25) run once, at their first occurrence. One whose hour is `*` (every hour or
 * more often) follows elapsed time instead, so it neither stops for the repeated hour nor crowds
 * into 03:00. croner (maintained) matches the fields; the wall clock is mapped here, since croner
 * drops a whole day at a spring-forward when several of its times fall in the gap and runs a
 * repeated time twice.
 */

export interface FieldProblem {
  path: string;
  message: string;
}

const FIVE_FIELDS = /^\S+(\s+\S+){4}$/;

export function timeZoneProblem(timeZone: string): FieldProblem | null {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return null;
  } catch {
    return { path: "timeZone", message: `unknown time zone ${timeZone} (an IANA name, e.g. Europe/Paris)` };
  }
}

/** Problems with a cron expression and its time zone, each naming its field. */
export function cronProblems(cron: string, timeZone: string): FieldProblem[] {
  const zone = timeZoneProblem(timeZone);
  // Five fields only: croner also takes seconds, and a schedule firing every second is not a sync.
  if (!FIVE_FIELDS.test(cron.trim()))
    return [
      { path: "cron", message: "must have five fields: minute hour day-of-month month day-of-week" },
      ...(zone ? [zone] : []),
    ];
  try {
    const next = new Cron(cron, { timezone: zone ? "UTC" : timeZone, paused: true }).nextRun();
    if (next === null) return [{ path: "cron", message: "never comes due" }, ...(zone ? [zone] : [])];
  } catch (error) {
    return [{ path: "cron", message: (error as Error).message }, ...(zone ? [zone] : [])];
  }
  return zone ? [zone] : [];
}

/**
 * Wall-clock times mapped to instants never go backwards, but in a repeated hour several map to
 * the same first occurrence, already past: this many are skipped at most (an hour of minutes).
 */
const MAX_PAST_READINGS = 120;

/** The first due time strictly after `after` (ms), or null when the expression never comes due again. */
export function nextRunAfter(cron: string, timeZone: string, after: number): number | null {
  if (cron.trim().split(/\s+/)[1]!.startsWith("*")) {
    const next = new Cron(cron, { timezone: timeZone, paused: true }).nextRun(new Date(after));
    return next ? next.getTime() : null;
  }
  // Matched on the wall clock's own time line (naive, read as UTC), then mapped to an instant.
  const onTheWall = new Cron(cron, { timezone: "UTC", paused: true });
  let wall = wallClock(after, timeZone);
  for (let i = 0; i < MAX_PAST_READINGS; i++) {
    const next = onTheWall.nextRun(new Date(wall));
    if (next === null) return null;
    const instant = instantOf(next.getTime(), timeZone);
    if (instant > after) return instant;
    wall = next.getTime();
  }
  return null;
}
