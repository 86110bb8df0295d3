import { Gauge, type Registry } from "prom-client";
import type { StoreStats } from "./store/lifecycle";
import type { Store } from "./store/store";

/**
 * The store's size, rows per table and oldest row, read when scraped, so an operator sees growth
 * (and a retention that stopped working) before it hurts. One read serves the three gauges.
 */
export function watchStoreSize(registry: Registry, store: Pick<Store, "stats">): void {
  let last: { at: number; stats: Promise<StoreStats> } | null = null;
  const stats = () => {
    if (last === null || Date.now() - last.at > 1000) last = { at: Date.now(), stats: store.stats() };
    return last.stats;
  };
  new Gauge({
    name: "bgsync_store_size_bytes",
    help: "The store's size on disk (SQLite: the database and its write-ahead log).",
    registers: [registry],
    async collect() {
      const { sizeBytes } = await stats();
      if (sizeBytes !== null) this.set(sizeBytes);
    },
  });
  new Gauge({
    name: "bgsync_store_rows",
    help: "Rows per table.",
    labelNames: ["table"] as const,
    registers: [registry],
    async collect() {
      for (const [table, t] of Object.entries((await stats()).tables)) this.set({ table }, t.rows);
    },
  });
  new Gauge({
    name: "bgsync_store_oldest_row_timestamp_seconds",
    help: "When the oldest row of each table was created (absent for an empty table).",
    labelNames: ["table"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const [table, t] of Object.entries((await stats()).tables))
        if (t.oldest !== null) this.set({ table }, t.oldest / 1000);
    },
  });
}
