import type { CustomApiDefinition } from "../../contracts/custom-apis";
import { DataverseError } from "./errors";
import type { DataverseHttp } from "./http";
import { parseKeyValueText } from "./key-value-text";
import { createMetadataReader } from "./metadata";
import { createOperationLookup, type StartedOperation } from "./operation-lookup";
import { API } from "./web-api";
import type { DataverseTokenSource } from "./token-source";

/**
 * Everything the API asks of Dataverse. The only module that knows Dataverse URLs, headers and
 * payload shapes (docs/dataverse.md); the rest of the server speaks in these methods.
 */

export interface OperationSnapshot {
  stateCode: number;
  statusCode: number;
  errorCode: string | null;
  errorMessage: string | null;
  /** Output parameters by name; only present once the operation succeeded. */
  outputs: Record<string, unknown>;
  /** The monitor's `Retry-After`, when it sent one: the reconciler must not poll sooner. */
  retryAfterSeconds: number | null;
}

export interface OperationDetails {
  retryCount: number;
  startTime: number | null;
  endTime: number | null;
  /**
   * What the run returned, from the row's `outputparameters`. Unlike the status monitor (outputs only
   * for 30 Succeeded), the row keeps them when a running operation was canceled and ended 32.
   */
  outputs: Record<string, unknown>;
}

export interface DataverseClient {
  startBackgroundOperation(req: {
    customApi: string;
    parameters: Record<string, unknown>;
    callbackUrl: string;
    callerObjectId: string;
  }): Promise<{ backgroundOperationId: string }>;
  getBackgroundOperation(backgroundOperationId: string): Promise<OperationSnapshot>;
  cancelBackgroundOperation(backgroundOperationId: string): Promise<void>;
  /** What only the `backgroundoperation` row tells: Dataverse's own retries, run times and stored outputs. */
  getOperationDetails(backgroundOperationId: string): Promise<OperationDetails>;
  getCustomApi(uniqueName: string): Promise<CustomApiDefinition | null>;
  /** Whether Dataverse lets this person read the record (asked as them, via CallerObjectId). */
  canReadRecord(entity: string, id: string, callerObjectId: string): Promise<boolean>;
  /**
   * Background operations of this Custom API created at or after `since` (oldest first): how an
   * ambiguous start finds out whether Dataverse queued it after all (jobs/adopt.ts).
   */
  findStartedOperations(customApi: string, since: number): Promise<StartedOperation[]>;
  /** Proves a Dataverse token can be obtained; used by /readyz. */
  ping(): Promise<void>;
}

const MONITOR_FIELDS = new Set([
  "backgroundOperationStateCode",
  "backgroundOperationStatusCode",
  "backgroundOperationErrorCode",
  "backgroundOperationErrorMessage",
  "backgroundOperationId",
  "location",
]);

/**
 * Dataverse error codes are 32-bit; show them the way its docs do ("0x80040265"). 0 is a real value
 * ("the error did not come from Dataverse") and stays "0x00000000"; only a missing code is null.
 */
export function formatErrorCode(code: unknown): string | null {
  if (code === undefined || code === null || code === "") return null;
  if (typeof code === "number") return "0x" + (code >>> 0).toString(16).padStart(8, "0");
  return typeof code === "string" ? code : JSON.stringify(code);
}

/** An RFC 7230 quoted-string: `"` and `\` inside are escaped as quoted-pairs. */
export const quotedString = (value: string) => `"${value.replace(/["\\]/g, "\\$&")}"`;

export function createDataverseClient(http: DataverseHttp, tokens: DataverseTokenSource): DataverseClient {
  return {
    async startBackgroundOperation({ customApi, parameters, callbackUrl, callerObjectId }) {
      const res = await http({
        method: "POST",
        path: `${API}/${encodeURIComponent(customApi)}`,
        headers: {
          Prefer: `respond-async, odata.callback; url=${quotedString(callbackUrl)}`,
          CallerObjectId: callerObjectId,
        },
        body: parameters,
      });
      const body = (res.body ?? {}) as { backgroundOperationId?: string };
      const location = res.headers.get("location") ?? "";
      const id =
        res.headers.get("x-ms-dyn-backgroundoperationid") ??
        body.backgroundOperationId ??
        /\/backgroundoperation\/([^/?]+)/.exec(location)?.[1];
      if (res.status !== 202 || !id)
        throw new DataverseError(res.status, null, "Dataverse did not start a background operation");
      return { backgroundOperationId: id };
    },

    async getBackgroundOperation(id) {
      const res = await http({ method: "GET", path: `/api/backgroundoperation/${encodeURIComponent(id)}` });
      const b = (res.body ?? {}) as Record<string, unknown>;
      const outputs = Object.fromEntries(
        Object.entries(b).filter(([k]) => !MONITOR_FIELDS.has(k) && !k.startsWith("@")),
      );
      const retryAfter = Number(res.headers.get("retry-after"));
      return {
        stateCode: Number(b.backgroundOperationStateCode ?? 0),
        statusCode: Number(b.backgroundOperationStatusCode ?? 0),
        errorCode: formatErrorCode(b.backgroundOperationErrorCode),
        errorMessage:
          typeof b.backgroundOperationErrorMessage === "string" ? b.backgroundOperationErrorMessage : null,
        outputs,
        retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
      };
    },

    async cancelBackgroundOperation(id) {
      await http({ method: "DELETE", path: `/api/backgroundoperation/${encodeURIComponent(id)}` });
    },

    async getOperationDetails(id) {
      const res = await http({
        method: "GET",
        path: `${API}/backgroundoperations(${encodeURIComponent(id)})?$select=retrycount,starttime,endtime,outputparameters`,
      });
      const row = (res.body ?? {}) as {
        retrycount?: unknown;
        starttime?: unknown;
        endtime?: unknown;
        outputparameters?: unknown;
      };
      const time = (v: unknown) =>
        typeof v === "string" && !Number.isNaN(Date.parse(v)) ? Date.parse(v) : null;
      return {
        retryCount: typeof row.retrycount === "number" ? row.retrycount : 0,
        startTime: time(row.starttime),
        endTime: time(row.endtime),
        outputs: parseKeyValueText(row.outputparameters),
      };
    },

    ...createMetadataReader(http),
    ...createOperationLookup(http),

    async ping() {
      await tokens.getToken();
    },
  };
}
