import "server-only";
import { getSessionCookie } from "better-auth/cookies";
import { databaseAnswers } from "./database-status.ts";
import { logger } from "./logger.ts";

/**
 * Whether Better Auth's `response` to `request` hides a database outage (SPEC R-O3).
 * Better Auth reports database failures as plain 500s (by the time anyone asks, the
 * database may be back), and a session lookup that failed as "no session". A 500 is an
 * outage (logged; the request may be retried), and a missing session with a session
 * cookie is one when the database does not answer now.
 */
export async function isHiddenOutage(request: Request, response: Response): Promise<boolean> {
  const path = new URL(request.url).pathname;
  if (response.status >= 500) {
    const body = await response.clone().text();
    logger().error(
      { event: "auth.server_error", path, status: response.status, body: body.slice(0, 200) },
      "auth failed",
    );
    return true;
  }
  const lostSession =
    path === "/api/auth/get-session" &&
    getSessionCookie(request.headers) !== null &&
    (await response.clone().text()) === "null";
  return lostSession && !(await databaseAnswers());
}
