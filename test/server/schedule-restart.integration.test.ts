import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer } from "../../server/start";
import { createSqliteStore } from "../../server/store/sqlite-store";
import type { Store } from "../../server/store/store";
import { createFakeDataverse } from "./support/fake-dataverse";
import { fakeClock, testConfig } from "./support/harness";
import { nightly } from "./support/schedules";

/**
 * The whole API (startServer, its own ticker on a timer) stopped for three days and started again
 * on the same database, on a clock the test moves: the schedule that missed three nights runs once.
 */

let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), "bgsync-sched-restart-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The store, counting the ticker's passes so the test can wait for some to have happened. */
function counted(store: Store) {
  const passes = { n: 0 };
  const wrapped: Store = new Proxy(store, {
    get(target, name, receiver) {
      if (name === "dueSchedules") passes.n++;
      return Reflect.get(target, name, receiver) as unknown;
    },
  });
  return { store: wrapped, passes };
}

const until = async (condition: () => boolean | Promise<boolean>) => {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 5));
};

it("runs a schedule overdue across a three-day outage once, when the API is back", async () => {
  const config = testConfig({ SCHEDULE_TICK_MS: "10" });
  const clock = fakeClock(Date.parse("2026-03-27T12:00:00Z"));
  const dataverse = createFakeDataverse();
  const path = `sqlite:${join(dir, "bgsync.db")}`;

  const before = createSqliteStore(path);
  const s = nightly(clock.now(), { cron: "0 6 * * *", timeZone: "Europe/Paris" });
  await before.createSchedule(s);
  const first = await startServer(config, { store: before, dataverse, clock });
  await first.close();
  await before.close();
  expect(dataverse.starts).toHaveLength(0);

  clock.advance(3 * 24 * 3600_000); // down over three 06:00s in Paris, the DST change among them
  const { store, passes } = counted(createSqliteStore(path));
  const second = await startServer(config, { store, dataverse, clock });
  try {
    await until(async () => (await store.listScheduleRuns(s.id, 10)).length > 0);
    const seen = passes.n;
    await until(() => passes.n >= seen + 3);
    const runs = await store.listScheduleRuns(s.id, 10);
    expect(runs.map((r) => [r.outcome, new Date(r.dueAt!).toISOString()])).toEqual([
      ["started", "2026-03-28T05:00:00.000Z"],
    ]);
    expect(dataverse.starts).toHaveLength(1);
    expect(new Date((await store.getSchedule(s.id))!.nextRunAt!).toISOString()).toBe(
      "2026-03-31T04:00:00.000Z",
    );
  } finally {
    await second.close();
    await store.close();
  }
});
