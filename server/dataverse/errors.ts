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

/**
 * Whether a failed POST may still have reached Dataverse and done its work: no answer in time, a 5xx
 * (the gateway or the service failed after queuing, or before: the client cannot tell), or a
 * connection lost mid-request. Only a refusal before anything was sent (the API's own token, a
 * connection never opened) or a 4xx/429 answer proves nothing started.
 */
export function mayHaveReachedDataverse(error: unknown): boolean {
  if (error instanceof DataverseTimeoutError) return true;
  if (!(error instanceof DataverseError) || error instanceof DataverseCredentialError) return false;
  if (error.upstreamStatus !== null) return error.upstreamStatus >= 500;
  return !neverSent(error.cause);
}

/** Connection errors that happen before a single byte of the request left (Node's error codes). */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

export function neverSent(error: unknown): boolean {
  // fetch wraps the socket error: TypeError("fetch failed") with the Node error as its cause.
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === "string" && NOT_SENT.has(code);
}
