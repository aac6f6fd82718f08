import "server-only";
import { describeError } from "@tasks/service/logger";
import { getSessionCookie } from "better-auth/cookies";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { webConfig } from "../env.ts";
import { amrOf, auth } from "./auth.ts";
import { secondFactorSetupRedirect } from "./auth-rules/session-assurance.ts";
import { logger } from "./logger.ts";

/** Thrown to render the "temporarily unavailable" page (error.tsx) instead of a wrong answer. */
export class ServiceUnavailableError extends Error {
  override name = "ServiceUnavailableError";
  constructor() {
    super("The service is temporarily unavailable. Please try again in a moment.");
  }
}

/**
 * The current session, or null (a cookie that does not verify is none; SPEC R-P4). A failed
 * lookup shows the outage page, never a sign-out. Looked up once per request (React `cache`).
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
 * The signed-in person, or a redirect to sign in that comes back to `returnTo`; with
 * AUTH_REQUIRE_MFA, one without a second factor is sent to set one up on /account (R-M8).
 */
export async function requireSession(returnTo: string) {
  const session = await getSession();
  if (session) {
    const setup = secondFactorSetupRedirect(
      amrOf(session.session),
      returnTo,
      webConfig().requireMfa,
    );
    if (setup) redirect(setup);
    return session;
  }
  const expired = getSessionCookie(await headers()) ? "expired=1&" : "";
  redirect(`/signin?${expired}next=${encodeURIComponent(returnTo)}`);
}
