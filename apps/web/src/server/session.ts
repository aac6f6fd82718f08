import "server-only";
import { getSessionCookie } from "better-auth/cookies";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "./auth.ts";
import { ServiceUnavailableError, sessionLookupFailed } from "./database-status.ts";

/**
 * The current session, or null. Better Auth answers null when its lookup fails, so a
 * null with a session cookie present is checked against the database: when the session
 * is alive there (or the database does not answer), the lookup is tried once more, and a
 * second failure shows as the outage it is, never as being signed out. Looked up once
 * per request (React `cache`), however many layouts and pages ask.
 */
export const getSession = cache(async () => {
  const requestHeaders = await headers();
  const lookUp = () => auth().api.getSession({ headers: requestHeaders });
  const session = await lookUp();
  if (session || !(await sessionLookupFailed(requestHeaders))) return session;
  const again = await lookUp();
  if (!again) throw new ServiceUnavailableError();
  return again;
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
