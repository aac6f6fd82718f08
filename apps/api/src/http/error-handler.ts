/** Errors become answers here only (decision 004): outages 503 (R-O3), SQLSTATE refusals 4xx, else a logged 500. */
import { isDatabaseUnavailable, postgresErrorCode } from "@tasks/db";
import { describeError } from "@tasks/service/logger";
import { retryAfterHeaders } from "@tasks/service/unavailable";
import type { ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Logger } from "pino";
import type { AppEnv } from "./env.ts";
import { ApiError, invalid, problemResponse } from "./problem.ts";

/** The 503 for an outage of something the API depends on, with `Retry-After: 5` (R-O3). */
export const serviceUnavailable = (
  detail = "Your tasks are temporarily unreachable. Please try again in a moment.",
) => new ApiError("service-unavailable", detail, undefined, retryAfterHeaders());

/** A refusal by SQLSTATE: 23503 (the user is gone) is 401; class 22 and 23514 are 400. */
export function databaseRefusal(error: unknown): ApiError | undefined {
  const code = postgresErrorCode(error);
  if (code === "23503") {
    return new ApiError("unauthorized", "A valid bearer token is required.", undefined, {
      "www-authenticate": 'Bearer realm="tasks", error="invalid_token"',
    });
  }
  if (code?.startsWith("22") || code === "23514") {
    return new ApiError("validation", "The input was refused by the database.");
  }
  return undefined;
}

/** Hono's `onError`; `logger` serves before the request has its own. */
export function createErrorHandler(logger: Logger): ErrorHandler<AppEnv> {
  return (error, c) => {
    const requestId = c.get("requestId");
    if (error instanceof ApiError) return problemResponse(error, requestId);
    // zod-openapi's body validators: a content type no route takes, or JSON that does not parse.
    if (error instanceof HTTPException && error.status === 415) {
      const refused = new ApiError("unsupported-media-type", "Send the body as application/json.");
      return problemResponse(refused, requestId);
    }
    if (error instanceof HTTPException && error.status === 400) {
      return problemResponse(invalid("body", "Body is not valid JSON"), requestId);
    }
    // A body that stopped arriving is the client's doing: 400, not logged.
    if (error.message === "aborted" && (error as { code?: unknown }).code === "ECONNRESET") {
      return problemResponse(invalid("body", "The request body was cut off"), requestId);
    }
    const log = c.get("logger") ?? logger;
    if (isDatabaseUnavailable(error)) {
      log.error({ err: describeError(error) }, "database unavailable");
      return problemResponse(serviceUnavailable(), requestId);
    }
    const refused = databaseRefusal(error);
    if (refused) return problemResponse(refused, requestId);
    log.error({ err: describeError(error) }, "unhandled error");
    return problemResponse(
      new ApiError("internal", "Something went wrong on our side."),
      requestId,
    );
  };
}
