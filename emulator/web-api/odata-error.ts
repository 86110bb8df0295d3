import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Dataverse error codes the emulator answers with (hex, as the Web API writes them). */
export const ErrorCodes = {
  /** "Resource not found for the segment '...'": unknown message or entity set. */
  ResourceNotFound: "0x80060888",
  /** Record does not exist. */
  ObjectDoesNotExist: "0x80040217",
  /** Bad payload: unknown property, wrong type. */
  InvalidPayload: "0x80048d19",
  /** A required parameter is missing, or an argument is invalid. */
  InvalidArgument: "0x80040203",
  /** Missing privilege (for example prvActOnBehalfOfAnotherUser). */
  PrivilegeDenied: "0x80040220",
  /** Caller could not be authenticated. */
  Unauthenticated: "0x80072560",
  /** Service protection: number of requests / execution time / concurrency exceeded. */
  RateLimitRequests: "0x80072322",
  RateLimitTime: "0x80072321",
  RateLimitConcurrency: "0x80072326",
  /** A state change the row's state does not allow (cancel after terminal, other updates). */
  InvalidState: "0x80040237",
  /** Unsupported query option or operation. */
  NotSupported: "0x8004d11c",
  /** Generic server error (fault injection). */
  Unexpected: "0x80040216",
} as const;

export function odataError(c: Context, status: ContentfulStatusCode, code: string, message: string) {
  return c.json({ error: { code, message } }, status);
}
