import type { ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "./app-env";
import { DataverseError, DataverseTimeoutError } from "./dataverse/errors";
import type { Logger } from "./logger";
import { ProblemError, problems } from "./problem";
import { problemResponse } from "./problem-json";
import { ActiveJobConflictError, VersionConflictError } from "./store/store";

/** The one error handler: every failure becomes problem+json; unexpected ones are logged, never shown. */
export function createErrorHandler(logger: Logger): ErrorHandler<AppEnv> {
  return (error, c) => problemResponse(c, toProblem(error, logger, c.get("requestId")).problem);
}

function toProblem(error: Error, logger: Logger, requestId: string | undefined): ProblemError {
  if (error instanceof ProblemError) return error;
  if (error instanceof DataverseError) {
    logger.warn(
      { requestId, upstreamStatus: error.upstreamStatus, code: error.code, err: error },
      "Dataverse call failed",
    );
    return problems.upstreamError(error, error);
  }
  if (error instanceof DataverseTimeoutError) return problems.upstreamTimeout(error.message, error);
  if (error instanceof ActiveJobConflictError)
    return problems.jobAlreadyActive(
      error.activeJobId,
      "Another job for this record and Custom API is active; it must end first.",
    );
  if (error instanceof VersionConflictError) return problems.concurrentChange(error);
  if (error instanceof HTTPException && error.status < 500) return problems.http(error.status, error.message);
  logger.error({ requestId, err: error }, "unhandled error");
  return problems.internal(error);
}
