import { isDatabaseUnavailable } from "@tasks/db";
import { describeError } from "@tasks/service/logger";
import { retryAfterHeaders } from "@tasks/service/unavailable";
import { logger } from "./logger.ts";

/**
 * A route's answer to a thrown `error`, in the auth service's error shape: 503 with
 * Retry-After when the database cannot be reached (R-O3, saying `unavailable`), else 500.
 * Logged here without the error's query parameters, which can hold a session token (R-O5),
 * so that Next.js never prints the error itself.
 */
export function failureResponse(
  error: unknown,
  log: { event: string; path?: string },
  unavailable: string,
): Response {
  const outage = isDatabaseUnavailable(error);
  logger()[outage ? "warn" : "error"]({ ...log, err: describeError(error) }, "request failed");
  return outage
    ? Response.json(
        { code: "SERVICE_UNAVAILABLE", message: unavailable },
        { status: 503, headers: retryAfterHeaders() },
      )
    : Response.json(
        { code: "INTERNAL_SERVER_ERROR", message: "Something went wrong. Please try again." },
        { status: 500 },
      );
}
