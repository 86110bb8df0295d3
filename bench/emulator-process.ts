import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { startEmulator, type EmulatorOptions } from "../emulator/index";
import { monotonicMs } from "./stats";

/**
 * The emulator in a process of its own, as Dataverse is another machine: its work does not share the
 * API's event loop, and the API's does not delay it. Reports its URLs once listening, and on request
 * when each request it received arrived, on the machine-wide monotonic clock the parent reads too.
 */
type Arrival = { at: number; method: string; url: string };
const arrivals: Arrival[] = [];
subscribe("http.server.request.start", (message) => {
  const { request } = message as { request: IncomingMessage };
  arrivals.push({ at: monotonicMs(), method: request.method ?? "", url: request.url ?? "" });
});

const options = JSON.parse(process.argv[2] ?? "{}") as EmulatorOptions;
const emulator = await startEmulator({ ...options, port: 0 });
process.send?.({
  type: "ready",
  url: emulator.url,
  erpUrl: emulator.erpUrl,
  accountId: emulator.accounts[0]!.accountid,
});
process.on("message", (m: string) => {
  if (m === "arrivals") process.send?.({ type: "arrivals", arrivals: arrivals.splice(0) });
  if (m === "close") void emulator.close().then(() => process.exit(0));
});
