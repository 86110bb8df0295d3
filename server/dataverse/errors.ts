/** Failures of Dataverse calls, carried to problem+json as 502/504 with the upstream details. */

export class DataverseError extends Error {
  constructor(
    /** The upstream HTTP status; null when no response arrived (network error). */
    readonly upstreamStatus: number | null,
    /** The OData error code, e.g. "0x80040217". */
    readonly code: string | null,
    message: string,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = "DataverseError";
  }
}

export class DataverseTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`Dataverse did not answer within ${timeoutMs} ms`);
    this.name = "DataverseTimeoutError";
  }
}
