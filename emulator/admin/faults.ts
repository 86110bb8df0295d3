import { z } from "zod";
import { createGate, type Gate } from "./gate";

/**
 * Switchable misbehaviour (issue 3, "Fault injection"). Counted faults apply to the next N matching
 * events, then disarm themselves; durations are emulated milliseconds (scaled by timeScale).
 */
export const faultsSchema = z.strictObject({
  callbacks: z
    .strictObject({
      drop: z.int().min(0).optional(),
      duplicate: z.int().min(0).optional(),
      reorder: z.int().min(0).optional(),
      delay: z.int().min(0).optional(),
      delayMs: z.number().min(0).optional(),
    })
    .optional(),
  requests: z
    .array(
      z
        .strictObject({
          /** e.g. "GET /api/backgroundoperation/:id" (a counters key); omitted = any request. */
          route: z.string().optional(),
          status: z.union([z.literal(429), z.literal(500), z.literal(503), z.literal("timeout")]),
          count: z.int().min(1).default(1),
          retryAfterSeconds: z.int().min(0).optional(),
          /**
           * Serve the request first (a start queues its operation), then answer with the fault: the
           * ambiguous outcome a client cannot tell from a request that never arrived.
           */
          served: z.boolean().default(false),
        })
        .refine((r) => !(r.served && r.status === 429), {
          message: "a 429 is answered before any work, never after serving the request",
        }),
    )
    .optional(),
  plugin: z
    .strictObject({
      fail: z.int().min(0).optional(),
      failMessage: z.string().optional(),
      runLong: z.int().min(0).optional(),
      hold: z.boolean().optional(),
      release: z.int().min(1).optional(),
    })
    .optional(),
  erp: z
    .strictObject({
      fail: z.int().min(0).optional(),
      failStatus: z.int().min(400).max(599).optional(),
      slowMs: z.number().min(0).optional(),
      rejectIds: z.array(z.string()).optional(),
      rejectEvery: z.int().min(0).optional(),
      hold: z.boolean().optional(),
      release: z.int().min(1).optional(),
    })
    .optional(),
});
export type FaultsInput = z.infer<typeof faultsSchema>;

export interface RequestFault {
  route: string | undefined;
  status: 429 | 500 | 503 | "timeout";
  remaining: number;
  retryAfterSeconds: number | undefined;
  served: boolean;
}
type CallbackFault = "drop" | "duplicate" | "reorder" | "delay";

export interface Faults {
  arm(input: FaultsInput): void;
  snapshot(): unknown;
  clear(): void;
  takeCallbackFaults(): { kinds: CallbackFault[]; delayMs: number };
  takeRequestFault(routeKey: string): RequestFault | undefined;
  takePluginFault(): "fail" | "runLong" | undefined;
  pluginFailMessage(): string;
  takeErpFailure(): number | undefined;
  erpSlowMs(): number;
  erpRejects(id: string, index: number): boolean;
  /** Runs (asynchronous and synchronous) wait here at their start while `plugin.hold` is true. */
  pluginGate: Gate;
  /** ERP requests wait here, after the failure check and before answering, while `erp.hold` is true. */
  erpGate: Gate;
}

export function createFaults(): Faults {
  const empty = () => ({
    callbacks: { drop: 0, duplicate: 0, reorder: 0, delay: 0, delayMs: 0 },
    requests: [] as RequestFault[],
    plugin: { fail: 0, runLong: 0, failMessage: "Injected plug-in failure." },
    erp: { fail: 0, failStatus: 500, slowMs: 0, rejectIds: new Set<string>(), rejectEvery: 0 },
  });
  let s = empty();
  const pluginGate = createGate();
  const erpGate = createGate();
  const take = <K extends string>(counts: Record<K, number>, key: K) => {
    if (counts[key] <= 0) return false;
    counts[key] -= 1;
    return true;
  };
  return {
    arm(input) {
      const { callbacks: cb, plugin, erp } = input;
      for (const k of ["drop", "duplicate", "reorder", "delay"] as const) s.callbacks[k] += cb?.[k] ?? 0;
      if (cb?.delayMs !== undefined) s.callbacks.delayMs = cb.delayMs;
      for (const r of input.requests ?? [])
        s.requests.push({
          route: r.route,
          status: r.status,
          remaining: r.count,
          retryAfterSeconds: r.retryAfterSeconds,
          served: r.served,
        });
      s.plugin.fail += plugin?.fail ?? 0;
      s.plugin.runLong += plugin?.runLong ?? 0;
      if (plugin?.failMessage) s.plugin.failMessage = plugin.failMessage;
      s.erp.fail += erp?.fail ?? 0;
      if (erp?.failStatus) s.erp.failStatus = erp.failStatus;
      if (erp?.slowMs !== undefined) s.erp.slowMs = erp.slowMs;
      for (const id of erp?.rejectIds ?? []) s.erp.rejectIds.add(id.toLowerCase());
      if (erp?.rejectEvery !== undefined) s.erp.rejectEvery = erp.rejectEvery;
      if (plugin?.hold !== undefined) pluginGate.set(plugin.hold);
      if (plugin?.release) pluginGate.release(plugin.release);
      if (erp?.hold !== undefined) erpGate.set(erp.hold);
      if (erp?.release) erpGate.release(erp.release);
    },
    snapshot: () => ({
      ...s,
      plugin: { ...s.plugin, hold: pluginGate.closed, held: pluginGate.waiting },
      erp: { ...s.erp, rejectIds: [...s.erp.rejectIds], hold: erpGate.closed, held: erpGate.waiting },
    }),
    clear() {
      s = empty();
      pluginGate.set(false);
      erpGate.set(false);
    },
    takeCallbackFaults() {
      const kinds = (["drop", "duplicate", "reorder", "delay"] as const).filter((k) => take(s.callbacks, k));
      return { kinds, delayMs: s.callbacks.delayMs };
    },
    takeRequestFault(routeKey) {
      const fault = s.requests.find((r) => r.remaining > 0 && (!r.route || r.route === routeKey));
      if (fault) fault.remaining -= 1;
      s.requests = s.requests.filter((r) => r.remaining > 0);
      return fault;
    },
    takePluginFault: () =>
      take(s.plugin, "fail") ? "fail" : take(s.plugin, "runLong") ? "runLong" : undefined,
    pluginFailMessage: () => s.plugin.failMessage,
    takeErpFailure: () => (take(s.erp, "fail") ? s.erp.failStatus : undefined),
    erpSlowMs: () => s.erp.slowMs,
    erpRejects: (id, index) =>
      s.erp.rejectIds.has(id.toLowerCase()) ||
      (s.erp.rejectEvery > 0 && (index + 1) % s.erp.rejectEvery === 0),
    pluginGate,
    erpGate,
  };
}
