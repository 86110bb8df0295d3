/** Failures of Dataverse calls, carried to problem+json as 502/504 with the upstream details. */

export class DataverseError extends Error {
  constructor(
    /** The upstream HTTP status; null when no response arrived (network error). */
    readonly upstreamStatus: number | null,
    /** The OData error code, e.g. "0x80040217". */
    readonly code: string | null,
    message: string,
    readonly retryAfterSeconds: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "DataverseError";
  }
}

/**
 * The API could not get its own access token for Dataverse (a wrong client secret, an expired
 * certificate, an identity endpoint down). Nothing reached Dataverse, and retrying the call would
 * only ask the identity provider again: the cause says what it answered.
 */
export class DataverseCredentialError extends DataverseError {
  constructor(cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(null, null, `The API could not get an access token for Dataverse: ${reason}`, null, { cause });
    this.name = "DataverseCredentialError";
  }
}

export class DataverseTimeoutError extends Error {
  constructor(
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(`Dataverse did not answer within ${timeoutMs} ms`, options);
    this.name = "DataverseTimeoutError";
  }
}
