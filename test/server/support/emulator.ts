import type { RunningEmulator } from "../../../emulator/index";
import type { Job } from "../../../server/jobs/job-json";

/** The emulator's admin API (`/_emulator/...`), as JSON in and out. */
export function emulatorAdmin(emulator: RunningEmulator) {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${emulator.url}/_emulator${path}`, {
      method,
      headers: { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as T;
  };
  return {
    call,
    reset: () => call("POST", "/reset"),
    erp: () => call<{ uniqueCount: number; duplicateCount: number; requestCount: number }>("GET", "/erp"),
    counters: () => call<{ total: number; byRoute: Record<string, number> }>("GET", "/counters"),
    /** Resolves once a plug-in run or an ERP request waits at its held gate (see `hold` faults). */
    async held(gate: "plugin" | "erp") {
      type Armed = Record<typeof gate, { held: number }>;
      while ((await call<Armed>("GET", "/faults"))[gate].held === 0)
        await new Promise((r) => setTimeout(r, 5));
    },
  };
}

/** A full sync of the emulator's accounts to its ERP, for the first seeded account. */
export const syncAccountsInput = (emulator: RunningEmulator) => ({
  customApi: "sample_SyncRecordsToExternalSystem",
  parameters: { EntityName: "account", SyncMode: "Full", ExternalSystemUrl: emulator.erpUrl },
  target: { entity: "account", id: emulator.accounts[0]!.accountid },
});

/** POST /api/jobs on an API started against `emulator`. */
export async function postSyncJob(
  apiUrl: string,
  emulator: RunningEmulator,
  headers: Record<string, string> = {},
): Promise<{ status: number; job: Job }> {
  const res = await fetch(`${apiUrl}/api/jobs`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(syncAccountsInput(emulator)),
  });
  return { status: res.status, job: (await res.json()) as Job };
}
