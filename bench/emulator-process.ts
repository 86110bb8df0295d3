import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";
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
subscribe("http.server.request.start", (message) => {
  const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
  const arrival: Arrival = { at: monotonicMs(), method: request.method ?? "", url: request.url ?? "" };
  arrivals.push(arrival);
  // Stamped when the emulator hands its answer to the socket, not at the response's "finish": the
  // write to a loopback socket wakes the API, which often runs on this CPU before the write returns,
  // and with one viewer that stamped about 0.6 ms of the API's time a hand-off as the emulator's.
  const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
  response.end = ((...args: unknown[]) => {
    arrival.answeredAt ??= monotonicMs();
    return end(...args);
  }) as typeof response.end;
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
