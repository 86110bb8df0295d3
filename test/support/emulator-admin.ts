/**
 * The emulator's test-only admin routes (`/_emulator/...`): reset, fault injection, and what the
 * fake ERP received. Browser tests drive a job's pace through these instead of waiting on delays.
 */
export function emulatorAdmin(emulatorUrl: string) {
  const admin = (path: string, init?: RequestInit) => fetch(`${emulatorUrl}/_emulator${path}`, init);
  const faults = (body: unknown) =>
    admin("/faults", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const held = async () =>
    (await (await admin("/faults")).json()) as { plugin: { held: number }; erp: { held: number } };
  return {
    reset: () => admin("/reset", { method: "POST" }),
    faults,
    /** Plug-in runs wait at their start until released: a job surely stays unfinished. */
    holdRuns: () => faults({ plugin: { hold: true } }),
    releaseRuns: (count?: number) =>
      faults({ plugin: count === undefined ? { hold: false } : { release: count } }),
    heldRuns: async () => (await held()).plugin.held,
    /** ERP requests waiting under `erp.hold` now. */
    heldErpRequests: async () => (await held()).erp.held,
    /** Requests the emulator served per route ("POST /api/data/v9.2/<Custom API>"). */
    counters: async () => (await (await admin("/counters")).json()) as { byRoute: Record<string, number> },
    erp: async () => (await (await admin("/erp")).json()) as { uniqueCount: number; receivedCount: number },
  };
}
