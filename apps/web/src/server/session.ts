import "server-only";
import { getSessionCookie } from "better-auth/cookies";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "./auth.ts";
import { databaseAnswers, ServiceUnavailableError } from "./database-status.ts";

/**
 * The current session, or null. Better Auth answers null when its lookup fails, so a
 * null with a session cookie present is checked against the database: an outage must
 * show as one, not as being signed out. Looked up once per request (React `cache`), however
 * many layouts and pages ask.
 */
export const getSession = cache(async () => {
  const requestHeaders = await headers();
  const session = await auth().api.getSession({ headers: requestHeaders });
  if (!session && getSessionCookie(requestHeaders) && !(await databaseAnswers())) {
    throw new ServiceUnavailableError();
  }
  return session;
});

/**
 * The signed-in person, or a redirect to sign in that comes back to `returnTo`. A session
 * cookie that no longer names a live session means the session ended while away.
 */
export async function requireSession(returnTo: string) {
  const session = await getSession();
  if (session) return session;
  const expired = getSessionCookie(await headers()) ? "expired=1&" : "";
  redirect(`/signin?${expired}next=${encodeURIComponent(returnTo)}`);
}
