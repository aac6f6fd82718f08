import "server-only";
import { describeError } from "@tasks/service/logger";
import { getSessionCookie } from "better-auth/cookies";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "./auth.ts";
import { logger } from "./logger.ts";

/** Thrown to render the "temporarily unavailable" page (error.tsx) instead of a wrong answer. */
export class ServiceUnavailableError extends Error {
  override name = "ServiceUnavailableError";
  constructor() {
    super("The service is temporarily unavailable. Please try again in a moment.");
  }
}

/**
 * The current session, or null: none, or a cookie that does not verify (tampered, or signed
 * with a secret rotated out), is no session (SPEC R-P4). A lookup that fails (the database
 * cannot be reached) shows the outage page, never a sign-out; it is logged here, without
 * the query's parameters, and what Next.js logs of it holds none either. Looked up once per
 * request (React `cache`), however many layouts and pages ask.
 */
export const getSession = cache(async () => {
  // Outside the try: Next.js's own signals (dynamic rendering) must reach Next.js.
  const requestHeaders = await headers();
  try {
    return await auth().api.getSession({ headers: requestHeaders });
  } catch (error) {
    logger().warn(
      { event: "session.lookup_failed", err: describeError(error) },
      "session lookup failed",
    );
    throw new ServiceUnavailableError();
  }
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
