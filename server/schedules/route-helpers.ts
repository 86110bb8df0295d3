import type { Principal } from "../auth/principal";
import { requireAdmin } from "../auth/principal";
import type { Clock } from "../clock";
import type { Logger } from "../logger";
import { problems } from "../problem";
import type { Store } from "../store/store";
import { nextRunAfter } from "./cron";
import type { RunSchedule } from "./run-schedule";
import type { ScheduleRow } from "./schedule";
import { toScheduleJson } from "./schedule-json";
import type { ValidateDeps } from "./validate-schedule";

/**
 * What every /api/schedules route shares. A schedule acts in Dataverse as the person it names, on
 * every run, unattended: only callers with the admin app role (ADMIN_ROLE in the token's `roles`
 * claim) may see or change schedules; the summary a form shows is open to whoever may read the record.
 */

export interface ScheduleRouteDeps extends ValidateDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  adminRole: string;
  runSchedule: RunSchedule;
  newId?: () => string;
}

export function scheduleRouteHelpers(d: ScheduleRouteDeps) {
  const adminOnly = (p: Principal) => requireAdmin(p, d.adminRole, "manage schedules");
  return {
    adminOnly,
    nextAfterNow: (s: Pick<ScheduleRow, "cron" | "timeZone">) =>
      nextRunAfter(s.cron, s.timeZone, d.clock.now()),
    /** The schedule, for an admin; 404 when there is none. */
    load: async (principal: Principal, id: string) => {
      adminOnly(principal);
      const s = await d.store.getSchedule(id);
      if (!s) throw problems.notFound("No such schedule.");
      return s;
    },
    /** Writes a change at the version it was read at (409 if it moved), logged with who made it. */
    save: async (s: ScheduleRow, by: Principal, action: string) => {
      const next = { ...s, updatedAt: d.clock.now() };
      if (!(await d.store.updateSchedule(next, s.version)))
        throw problems.conflict("The schedule changed meanwhile; read it again.");
      d.logger.info({ scheduleId: s.id, by: by.objectId, action }, "schedule changed");
      return toScheduleJson({ ...next, version: s.version + 1 });
    },
  };
}
