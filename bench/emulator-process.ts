import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { startEmulator, type EmulatorOptions } from "../emulator/index";
import { monotonicMs } from "./stats";

/**
 * The emulator in a process of its own, as Dataverse is another machine: its work does not share the
 * API's event loop, and the API's does not delay it. Reports its URLs once listening, and on request
 * when each request it received arrived and was answered, on the machine-wide monotonic clock the
 * parent reads too.
 */
type Arrival = { at: number; method: string; url: string; answeredAt?: number };
const arrivals: Arrival[] = [];
const unanswered = new WeakMap<IncomingMessage, Arrival>();
subscribe("http.server.request.start", (message) => {
  const { request } = message as { request: IncomingMessage };
  const arrival = { at: monotonicMs(), method: request.method ?? "", url: request.url ?? "" };
  arrivals.push(arrival);
  unanswered.set(request, arrival);
});
// When the answer's last byte left: how long the emulator itself took, apart from the API's part.
subscribe("http.server.response.finish", (message) => {
  const { request } = message as { request: IncomingMessage };
  const arrival = unanswered.get(request);
  if (arrival) arrival.answeredAt = monotonicMs();
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
