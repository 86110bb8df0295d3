import type { CustomApiDefinition } from "../../contracts/custom-apis";
import { Status } from "../../contracts/background-operation";
import { DataverseError } from "./errors";
import type { DataverseHttp } from "./http";
import { parseKeyValueText } from "./key-value-text";
import { createMetadataReader } from "./metadata";
import { createOperationLookup, type StartedOperation } from "./operation-lookup";
import { createPeopleReader, type DataversePerson } from "./people";
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
  /** Output parameters by name, as the status monitor shows them: only once the operation succeeded. */
  outputs: Record<string, unknown>;
  /** A `Retry-After` Dataverse sent with the answer: the reconciler must not poll sooner. */
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

/** One read of the `backgroundoperations` row: the status and what only the row tells. */
export interface OperationRead {
  snapshot: OperationSnapshot;
  details: OperationDetails;
}

export interface DataverseClient {
  startBackgroundOperation(req: {
    customApi: string;
    parameters: Record<string, unknown>;
    callbackUrl: string;
    callerObjectId: string;
  }): Promise<{ backgroundOperationId: string }>;
  /**
   * Reads the `backgroundoperations` row: state, status, error, outputs, run times and retries in
   * one request, where the status monitor would need a second one for the run times.
   */
  readBackgroundOperation(backgroundOperationId: string): Promise<OperationRead>;
  cancelBackgroundOperation(backgroundOperationId: string): Promise<void>;
  getCustomApi(uniqueName: string): Promise<CustomApiDefinition | null>;
  /** Whether Dataverse lets this person read the record (asked as them, via CallerObjectId). */
  canReadRecord(entity: string, id: string, callerObjectId: string): Promise<boolean>;
  /**
   * Background operations of this Custom API created at or after `since` (oldest first): how an
   * ambiguous start finds out whether Dataverse queued it after all (jobs/adopt.ts).
   */
  findStartedOperations(customApi: string, since: number): Promise<StartedOperation[]>;
  /** The enabled person (not an application user) with this Entra object id, or null (schedules' run-as). */
  findPerson(objectId: string): Promise<DataversePerson | null>;
  /** Proves a Dataverse token can be obtained; used by /readyz. */
  ping(): Promise<void>;
}

const ROW_FIELDS = [
  "backgroundoperationstatecode",
  "backgroundoperationstatuscode",
  "errorcode",
  "errormessage",
  "outputparameters",
  "starttime",
  "endtime",
  "retrycount",
].join(",");

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

    async readBackgroundOperation(id) {
      const res = await http({
        method: "GET",
        path: `${API}/backgroundoperations(${encodeURIComponent(id)})?$select=${ROW_FIELDS}`,
      });
      return readRow((res.body ?? {}) as Record<string, unknown>, res.headers.get("retry-after"));
    },

    async cancelBackgroundOperation(id) {
      await http({ method: "DELETE", path: `/api/backgroundoperation/${encodeURIComponent(id)}` });
    },

    ...createMetadataReader(http),
    ...createOperationLookup(http),
    ...createPeopleReader(http),

    async ping() {
      await tokens.getToken();
    },
  };
}

const time = (v: unknown) => (typeof v === "string" && !Number.isNaN(Date.parse(v)) ? Date.parse(v) : null);

function readRow(row: Record<string, unknown>, retryAfterHeader: string | null): OperationRead {
  const statusCode = Number(row.backgroundoperationstatuscode ?? 0);
  const outputs = parseKeyValueText(row.outputparameters);
  const retryAfter = Number(retryAfterHeader);
  return {
    snapshot: {
      stateCode: Number(row.backgroundoperationstatecode ?? 0),
      statusCode,
      errorCode: formatErrorCode(row.errorcode),
      errorMessage: typeof row.errormessage === "string" ? row.errormessage : null,
      // What the monitor would show; a canceled run's outputs stay in `details` (transitions.ts).
      outputs: statusCode === Status.Succeeded ? outputs : {},
      retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    },
    details: {
      retryCount: typeof row.retrycount === "number" ? row.retrycount : 0,
      startTime: time(row.starttime),
      endTime: time(row.endtime),
      outputs,
    },
  };
}
