import "server-only";
import { getSessionCookie } from "better-auth/cookies";
import { sessionLookupFailed } from "./database-status.ts";
import { logger } from "./logger.ts";

/**
 * Whether Better Auth's `response` to `request` hides a database outage (SPEC R-O3).
 * Better Auth reports database failures as plain 500s (by the time anyone asks, the
 * database may be back), and a session lookup that failed as "no session". A 500 is an
 * outage (logged; the request may be retried), and so is a missing session (`null` from
 * get-session, 401 from token) when the cookie's session is alive or the database does
 * not answer: the browser must retry, not take the person for signed out.
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
  // Without a session cookie "no session" is the truth: no body to read, nothing to ask.
  if (!getSessionCookie(request.headers)) return false;
  const noSession =
    (path === "/api/auth/token" && response.status === 401) ||
    (path === "/api/auth/get-session" && (await response.clone().text()) === "null");
  return noSession && (await sessionLookupFailed(request.headers));
}
