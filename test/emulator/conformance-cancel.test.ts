import { describe, expect, it } from "vitest";
import { heldAt, waitForTerminal } from "./helpers";
import { holdRuns, releaseRuns, startWithCallback, useEmulatorWithReceiver } from "./suite";

/**
 * Replays the request/response examples of docs/dataverse.md and checks every header and field they
 * name: start, status monitor, table GET with annotations, PATCH cancel, DELETE cancel, terminal
 * cancel, callback payload.
 */
const suite = useEmulatorWithReceiver({ accountCount: 40, workers: 1 });

const start = (headers: Record<string, string> = {}) => startWithCallback(suite, headers);

describe("docs/dataverse.md conformance: cancel and callback", () => {
  it("Cancel by PATCH to statecode 2 / statuscode 22; any other update is refused", async () => {
    // One worker, its run held: the second operation surely waits in 0/0.
    await holdRuns(suite);
    const running = await start();
    const waiting = await start();
    await heldAt(suite.t.emu, "plugin");
    const patch = (id: string, body: unknown) =>
      suite.t.api.call(`/api/data/v9.2/backgroundoperations(${id})`, {
        method: "PATCH",
        body: JSON.stringify(body),
      });
    expect((await patch(waiting.id, { name: "renamed" })).status).toBe(400);
    expect(
      (await patch(waiting.id, { backgroundoperationstatecode: 3, backgroundoperationstatuscode: 30 }))
        .status,
    ).toBe(400);
    expect(
      (await patch(waiting.id, { backgroundoperationstatecode: 2, backgroundoperationstatuscode: 22 }))
        .status,
    ).toBe(204);
    expect((await waitForTerminal(suite.t.api, waiting.location)).backgroundOperationStatusCode).toBe(32);
    await releaseRuns(suite);
    await waitForTerminal(suite.t.api, running.location);
  });

  it("Cancel by DELETE: 200 with 2/22; after a terminal state, 409 with the documented message", async () => {
    // One worker, its run held: the second operation surely waits in 0/0.
    await holdRuns(suite);
    const running = await start();
    const waiting = await start();
    await heldAt(suite.t.emu, "plugin");
    const del = await suite.t.api.call(waiting.location, { method: "DELETE" });
    expect(del.status).toBe(200);
    expect(await del.json()).toEqual({ backgroundOperationStateCode: 2, backgroundOperationStatusCode: 22 });
    await waitForTerminal(suite.t.api, waiting.location);
    await releaseRuns(suite);
    const again = await suite.t.api.call(waiting.location, { method: "DELETE" });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({
      error: {
        code: expect.stringMatching(/^0x[0-9a-f]{8}$/i) as string,
        message: "Canceling background operation is not allowed after it is in terminal state.",
      },
    });
    await waitForTerminal(suite.t.api, running.location);
  });

  it("Callback: the documented payload, no outputs, no custom headers, the URL as given", async () => {
    const { id, location } = await start();
    await suite.receiver.waitFor(1);
    const [callback] = suite.receiver.received;
    expect(callback?.url).toBe("/cb?exp=1&sig=x");
    expect(callback?.body).toEqual({
      location,
      backgroundOperationId: id,
      backgroundOperationStateCode: 3,
      backgroundOperationStatusCode: 30,
    });
    const headers = Object.keys(callback?.headers ?? {});
    expect(headers.filter((h) => h === "authorization" || h.startsWith("x-"))).toEqual([]);
  });
});
