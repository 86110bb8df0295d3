import { afterAll, afterEach, beforeAll } from "vitest";
import type { EmulatorOptions } from "../../emulator/index";
import { armFaults, startCallbackReceiver, startTestEmulator, syncInput } from "./helpers";

export interface EmulatorSuite {
  t: Awaited<ReturnType<typeof startTestEmulator>>;
  receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;
}

/**
 * A test file's emulator and callback receiver: started once, reset after every test (operations,
 * faults, counters, callbacks received), closed at the end.
 */
export function useEmulatorWithReceiver(options: EmulatorOptions): EmulatorSuite {
  const suite = {} as EmulatorSuite;
  beforeAll(async () => {
    suite.t = await startTestEmulator(options);
    suite.receiver = await startCallbackReceiver();
  });
  afterEach(async () => {
    await fetch(`${suite.t.emu.url}/_emulator/reset`, { method: "POST" });
    suite.receiver.received.length = 0;
  });
  afterAll(async () => {
    await suite.t.emu.close();
    await suite.receiver.close();
  });
  return suite;
}

/** Starts the sync in the background with a callback to the suite's receiver. */
export async function startWithCallback(
  { t, receiver }: EmulatorSuite,
  headers: Record<string, string> = {},
) {
  const res = await t.api.start(
    syncInput(t.emu),
    `respond-async, odata.callback; url="${receiver.url}/cb?exp=1&sig=x"`,
    headers,
  );
  const id = res.headers.get("x-ms-dyn-backgroundoperationid") as string;
  return { res, id, location: `${t.emu.url}/api/backgroundoperation/${id}` };
}

/** Holds every plug-in run at its start (2/20) until `release` is called or the suite resets. */
export const holdRuns = ({ t }: EmulatorSuite) => armFaults(t.emu, { plugin: { hold: true } });
export const releaseRuns = ({ t }: EmulatorSuite) => armFaults(t.emu, { plugin: { hold: false } });
