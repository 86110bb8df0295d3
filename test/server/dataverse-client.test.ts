import { describe, expect, it } from "vitest";
import { createDataverseClient, formatErrorCode } from "../../server/dataverse/client";
import {
  DataverseCredentialError,
  DataverseError,
  DataverseTimeoutError,
  mayHaveReachedDataverse,
} from "../../server/dataverse/errors";
import { createDataverseHttp, type DataverseHttpOptions } from "../../server/dataverse/http";
import type { Transport } from "../../server/dataverse/node-transport";

type Reply = Response | Error | "hang";
const BASE = "https://contoso.crm.dynamics.com";

/** A scripted transport: answers in order and records each request. */
function scripted(replies: Reply[]) {
  const requests: { url: string; init: Parameters<Transport>[1] }[] = [];
  const fetchFn: Transport = (url, init) => {
    requests.push({ url, init });
    const reply = replies.shift() ?? new Response("{}", { status: 200 });
    // The deadline passed with no answer: the node:http transport's failure for that (its timer is
    // tested against a real server in dataverse-transport.test.ts), given at once rather than after
    // a real wait.
    if (reply === "hang") return Promise.reject(new DOMException("timed out", "TimeoutError"));
    return reply instanceof Error ? Promise.reject(reply) : Promise.resolve(reply);
  };
  return { fetchFn, requests };
}

function http(replies: Reply[], o: Partial<DataverseHttpOptions> = {}) {
  const s = scripted(replies);
  const sleeps: number[] = [];
  const send = createDataverseHttp({
    baseUrl: BASE,
    tokens: { getToken: () => Promise.resolve("app-token") },
    timeoutMs: 1000,
    maxRetries: 3,
    budgetMs: 60_000,
    fetch: s.fetchFn,
    sleep: (ms) => (sleeps.push(ms), Promise.resolve()),
    random: () => 0.5,
    ...o,
  });
  return { send, sleeps, requests: s.requests };
}

const odata = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ error: { code, message } }), { status, headers });

describe("Dataverse HTTP", () => {
  it("waits Retry-After on 429, then succeeds", async () => {
    const h = http([
      odata(429, "0x80072322", "Number of requests exceeded", { "Retry-After": "7" }),
      new Response("{}"),
    ]);
    await h.send({ method: "GET", path: "/x" });
    expect(h.sleeps).toEqual([7000]);
    expect(h.requests).toHaveLength(2);
  });

  it("retries 5xx and network errors with jittered exponential backoff, then gives up with the OData error", async () => {
    const h = http([
      odata(503, "0x1", "busy"),
      new TypeError("fetch failed"),
      odata(500, "0x2", "x"),
      odata(500, "0x80040216", "An unexpected error occurred."),
    ]);
    const error = (await h.send({ method: "GET", path: "/x" }).catch((e: unknown) => e)) as DataverseError;
    expect(error).toBeInstanceOf(DataverseError);
    expect([error.upstreamStatus, error.code]).toEqual([500, "0x80040216"]);
    expect(h.sleeps).toEqual([125, 250, 500]);
  });

  it("a network failure keeps what the network said as its cause", async () => {
    const refused = new TypeError("fetch failed");
    const h = http([refused], { maxRetries: 0 });
    const error = (await h.send({ method: "GET", path: "/x" }).catch((e: unknown) => e)) as DataverseError;
    expect(error).toMatchObject({ upstreamStatus: null, message: "Dataverse could not be reached" });
    expect(error.cause).toBe(refused);
  });

  it("a credential failure says so once, with its cause: nothing sent, not retried, not counted as a network failure", async () => {
    const denied = new Error("AADSTS7000215: Invalid client secret provided.");
    const calls: string[] = [];
    const h = http([], {
      tokens: { getToken: () => Promise.reject(denied) },
      onCall: (method, outcome) => calls.push(`${method} ${outcome}`),
    });
    const error = (await h.send({ method: "GET", path: "/x" }).catch((e: unknown) => e)) as DataverseError;
    expect(error).toBeInstanceOf(DataverseCredentialError);
    expect(error).toBeInstanceOf(DataverseError);
    expect(error.message).toBe(
      "The API could not get an access token for Dataverse: AADSTS7000215: Invalid client secret provided.",
    );
    expect(error.cause).toBe(denied);
    expect(h.requests).toEqual([]);
    expect(h.sleeps).toEqual([]);
    expect(calls).toEqual(["GET credentials"]);
  });

  it("does not retry 4xx other than 429", async () => {
    const h = http([odata(403, "0x80040220", "no privilege")]);
    await expect(h.send({ method: "GET", path: "/x" })).rejects.toMatchObject({
      upstreamStatus: 403,
      code: "0x80040220",
    });
    expect(h.requests).toHaveLength(1);
  });

  it("stops retrying when the time budget would be exceeded", async () => {
    const h = http([odata(429, "0x80072322", "slow down", { "Retry-After": "120" })], { budgetMs: 60_000 });
    await expect(h.send({ method: "GET", path: "/x" })).rejects.toMatchObject({
      upstreamStatus: 429,
      retryAfterSeconds: 120,
    });
    expect(h.sleeps).toEqual([]);
  });

  it("times out, retrying a GET but never re-sending a POST that may have reached Dataverse", async () => {
    const get = http(["hang", "hang", "hang", "hang"], { timeoutMs: 20 });
    await expect(get.send({ method: "GET", path: "/x" })).rejects.toBeInstanceOf(DataverseTimeoutError);
    expect(get.requests).toHaveLength(4);
    const post = http(["hang"], { timeoutMs: 20 });
    await expect(post.send({ method: "POST", path: "/x", body: {} })).rejects.toBeInstanceOf(
      DataverseTimeoutError,
    );
    expect(post.requests).toHaveLength(1);
  });

  it("sends a POST again only when it surely started nothing: a 429 or a connection never opened", async () => {
    const refused = Object.assign(new TypeError("fetch failed"), {
      cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
    });
    const reset = Object.assign(new TypeError("fetch failed"), {
      cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
    });
    const retried = http([
      odata(429, "0x80072322", "busy", { "Retry-After": "1" }),
      refused,
      new Response("{}"),
    ]);
    await retried.send({ method: "POST", path: "/x", body: {} });
    expect(retried.requests).toHaveLength(3);
    for (const ambiguous of [
      odata(500, "0x80040216", "An unexpected error occurred."),
      odata(503, "0x1", "busy"),
      reset,
    ]) {
      const once = http([ambiguous, new Response("{}")]);
      const error = await once.send({ method: "POST", path: "/x", body: {} }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataverseError);
      expect(mayHaveReachedDataverse(error)).toBe(true);
      expect(once.requests).toHaveLength(1);
    }
    const never = await http([refused], { maxRetries: 0 })
      .send({ method: "POST", path: "/x", body: {} })
      .catch((e: unknown) => e);
    expect(mayHaveReachedDataverse(never)).toBe(false);
  });
});

describe("Dataverse client", () => {
  it("starts a Custom API as a background operation, as the caller, with the callback URL", async () => {
    const h = http([
      new Response(
        JSON.stringify({ backgroundOperationId: "b0", location: `${BASE}/api/backgroundoperation/b0` }),
        {
          status: 202,
          headers: { "x-ms-dyn-backgroundoperationid": "b0", Location: `${BASE}/api/backgroundoperation/b0` },
        },
      ),
    ]);
    const client = createDataverseClient(h.send, { getToken: () => Promise.resolve("t") });
    const started = await client.startBackgroundOperation({
      customApi: "sample_SyncRecordsToExternalSystem",
      parameters: { EntityName: "account" },
      callbackUrl: "https://api.example/callbacks/operations/o1?exp=1&sig=s",
      callerObjectId: "oid-1",
    });
    expect(started).toEqual({ backgroundOperationId: "b0" });
    const [req] = h.requests;
    expect(req?.url).toBe(`${BASE}/api/data/v9.2/sample_SyncRecordsToExternalSystem`);
    expect(req?.init.method).toBe("POST");
    expect(req?.init.headers).toMatchObject({
      Authorization: "Bearer app-token",
      Prefer: 'respond-async, odata.callback; url="https://api.example/callbacks/operations/o1?exp=1&sig=s"',
      CallerObjectId: "oid-1",
      "Content-Type": "application/json; charset=utf-8",
    });
    expect(req?.init.body).toBe('{"EntityName":"account"}');
  });

  it("escapes the callback URL as an RFC 7230 quoted-string inside Prefer", async () => {
    const h = http([
      new Response(null, { status: 202, headers: { "x-ms-dyn-backgroundoperationid": "b0" } }),
    ]);
    const client = createDataverseClient(h.send, { getToken: () => Promise.resolve("t") });
    await client.startBackgroundOperation({
      customApi: "x_Api",
      parameters: {},
      callbackUrl: 'https://api.example/cb?q="a"\\b',
      callerObjectId: "oid-1",
    });
    expect(h.requests[0]?.init.headers).toMatchObject({
      Prefer: 'respond-async, odata.callback; url="https://api.example/cb?q=\\"a\\"\\\\b"',
    });
  });

  it("reads the backgroundoperations row once: codes, error in Dataverse's hex form, outputs, times, Retry-After", async () => {
    const h = http([
      new Response(
        JSON.stringify({
          backgroundoperationstatecode: 3,
          backgroundoperationstatuscode: 30,
          errorcode: null,
          errormessage: null,
          retrycount: 1,
          starttime: "2026-01-01T00:00:00Z",
          endtime: "2026-01-01T00:01:05Z",
          outputparameters: JSON.stringify([
            { Key: "SyncedCount", Value: "100" },
            { Key: "NextCursor", Value: "account:42" },
          ]),
        }),
        { headers: { "Retry-After": "90" } },
      ),
    ]);
    const client = createDataverseClient(h.send, { getToken: () => Promise.resolve("t") });
    expect(await client.readBackgroundOperation("b0")).toEqual({
      snapshot: {
        stateCode: 3,
        statusCode: 30,
        errorCode: null,
        errorMessage: null,
        outputs: { SyncedCount: "100", NextCursor: "account:42" },
        retryAfterSeconds: 90,
      },
      details: {
        retryCount: 1,
        startTime: Date.parse("2026-01-01T00:00:00Z"),
        endTime: Date.parse("2026-01-01T00:01:05Z"),
        outputs: { SyncedCount: "100", NextCursor: "account:42" },
      },
    });
    const url = new URL(h.requests[0]!.url);
    expect(url.pathname).toBe("/api/data/v9.2/backgroundoperations(b0)");
    expect(url.searchParams.get("$select")?.split(",")).toEqual(
      expect.arrayContaining(["backgroundoperationstatecode", "outputparameters", "starttime", "errorcode"]),
    );
    expect(h.requests).toHaveLength(1);
    expect(formatErrorCode(-2147220891)).toBe("0x80040265");
    // 0: the error did not come from Dataverse; still a code, not "no code".
    expect(formatErrorCode(0)).toBe("0x00000000");
    expect(formatErrorCode(null)).toBeNull();
  });

  it("keeps a canceled run's outputs apart from the status, and reads unparsable outputs as none", async () => {
    const cancelled = JSON.stringify([{ Key: "SyncedCount", Value: "7" }]);
    const h = http([
      new Response(
        JSON.stringify({
          backgroundoperationstatecode: 3,
          backgroundoperationstatuscode: 32,
          outputparameters: cancelled,
        }),
      ),
      new Response(
        JSON.stringify({
          backgroundoperationstatecode: 3,
          backgroundoperationstatuscode: 31,
          errorcode: -2147220891,
          errormessage: "boom",
          retrycount: 3,
          outputparameters: "not json",
        }),
      ),
    ]);
    const client = createDataverseClient(h.send, { getToken: () => Promise.resolve("t") });
    const canceled = await client.readBackgroundOperation("b0");
    expect(canceled.snapshot.outputs).toEqual({});
    expect(canceled.details.outputs).toEqual({ SyncedCount: "7" });
    const failed = await client.readBackgroundOperation("b1");
    expect(failed.snapshot).toMatchObject({ statusCode: 31, errorCode: "0x80040265", errorMessage: "boom" });
    expect(failed.details).toEqual({ retryCount: 3, startTime: null, endTime: null, outputs: {} });
  });

  it("reads Custom API metadata with the navigation properties expanded", async () => {
    const h = http([
      new Response(
        JSON.stringify({
          value: [
            {
              uniquename: "x_Api",
              CustomAPIRequestParameters: [{ uniquename: "A", type: 10, isoptional: false }],
              CustomAPIResponseProperties: [{ uniquename: "B", type: 7 }],
            },
          ],
        }),
      ),
    ]);
    const client = createDataverseClient(h.send, { getToken: () => Promise.resolve("t") });
    const def = await client.getCustomApi("x_Api");
    expect(def?.requestParameters).toEqual([{ uniquename: "A", type: 10, isoptional: false }]);
    expect(decodeURIComponent(h.requests[0]!.url)).toBe(
      `${BASE}/api/data/v9.2/customapis?$filter=uniquename eq 'x_Api'&$expand=CustomAPIRequestParameters,CustomAPIResponseProperties`,
    );
  });

  it("asks whether a person may read a record as that person", async () => {
    const h = http([
      odata(404, "0x80060888", "no metadata"),
      new Response("{}"),
      odata(403, "0x80040220", "denied"),
    ]);
    const client = createDataverseClient(h.send, { getToken: () => Promise.resolve("t") });
    expect(await client.canReadRecord("account", "a1", "oid-1")).toBe(true);
    expect(await client.canReadRecord("account", "a1", "oid-2")).toBe(false);
    expect(h.requests[1]?.url).toBe(`${BASE}/api/data/v9.2/accounts(a1)?$select=accountid`);
    expect(h.requests[1]?.init.headers).toMatchObject({ CallerObjectId: "oid-1" });
    expect(h.requests[2]?.init.headers).toMatchObject({ CallerObjectId: "oid-2" });
  });

  it("remembers an entity Dataverse does not know: later checks for it cost no call", async () => {
    const h = http([
      odata(404, "0x80060888", "no metadata"),
      odata(404, "0x80060888", "Resource not found for the segment 'nopes'."),
    ]);
    const client = createDataverseClient(h.send, { getToken: () => Promise.resolve("t") });
    for (let i = 0; i < 50; i++) expect(await client.canReadRecord("nope", `id${i}`, "oid-1")).toBe(false);
    expect(h.requests).toHaveLength(2);
  });
});
