import type { ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "./app-env";
import { DataverseError, DataverseTimeoutError } from "./dataverse/errors";
import type { Logger } from "./logger";
import { ProblemError, problemResponse, type ProblemInit } from "./problem";
import { VersionConflictError } from "./store/store";

/** The one error handler: every failure becomes problem+json; unexpected ones are logged, never shown. */
export function createErrorHandler(logger: Logger): ErrorHandler<AppEnv> {
  return (error, c) => problemResponse(c, toProblem(error, logger, c.get("requestId")));
}

function toProblem(error: Error, logger: Logger, requestId: string | undefined): ProblemInit {
  if (error instanceof ProblemError) return error.problem;
  if (error instanceof DataverseError) {
    logger.warn(
      { requestId, upstreamStatus: error.upstreamStatus, code: error.code },
      "Dataverse call failed",
    );
    return {
      status: 502,
      type: "upstream-error",
      title: "Dataverse refused or failed the request",
      detail: error.message,
      extensions: {
        upstreamStatus: error.upstreamStatus,
        code: error.code,
        ...(error.retryAfterSeconds ? { retryAfter: error.retryAfterSeconds } : {}),
      },
    };
  }
  if (error instanceof DataverseTimeoutError)
    return {
      status: 504,
      type: "upstream-timeout",
      title: "Dataverse did not answer in time",
      detail: error.message,
    };
  if (error instanceof VersionConflictError)
    return {
      status: 409,
      type: "concurrent-change",
      title: "The job changed concurrently",
      detail: "Try again.",
    };
  if (error instanceof HTTPException && error.status < 500)
    return {
      status: error.status,
      type: "http-" + error.status,
      title: error.message || "Request failed",
    };
  logger.error({ requestId, err: error }, "unhandled error");
  return {
    status: 500,
    type: "internal",
    title: "Internal error",
    detail: "The request could not be completed.",
  };
}
