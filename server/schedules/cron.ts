import { Cron } from "croner";

/**
 * Cron expressions read in an IANA time zone, by croner (maintained, DST-aware): a daily 06:00 in
 * Europe/Paris is 05:00Z in winter and 04:00Z in summer. A wall-clock time that a spring-forward
 * skips (02:30 on 2026-03-29 in Paris) runs at the first valid minute after it (03:00); one that an
 * autumn fall-back repeats (02:30 on 2026-10-25) runs once, at its first occurrence.
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

/** The first due time strictly after `after` (ms), or null when the expression never comes due again. */
export function nextRunAfter(cron: string, timeZone: string, after: number): number | null {
  const next = new Cron(cron, { timezone: timeZone, paused: true }).nextRun(new Date(after));
  return next ? next.getTime() : null;
}
