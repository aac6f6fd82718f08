import "server-only";
import { schema } from "@tasks/db";
import { getSessionCookie } from "better-auth/cookies";
import { and, eq, gt, sql } from "drizzle-orm";
import { getDb } from "./db.ts";

/** Whether the database answers right now (the pool's connect timeout bounds the wait). */
export async function databaseAnswers(): Promise<boolean> {
  try {
    await getDb().execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether Better Auth's "no session" for a request carrying a session cookie hides a
 * failure rather than a session that ended (SPEC R-O3, R-P4): true when the database does
 * not answer now, or when the session the cookie names is still alive in it (the lookup
 * failed: a pool wait that timed out under load, say). Only tells an outage from an end;
 * it authenticates nothing (the cookie's signature is Better Auth's to check).
 */
export async function sessionLookupFailed(headers: Headers): Promise<boolean> {
  const cookie = getSessionCookie(headers);
  if (!cookie) return false;
  // The cookie is `<token>.<signature>`; `session.token` holds the token.
  const token = cookie.split(".")[0] ?? "";
  try {
    const { session } = schema;
    const live = await getDb()
      .select({ id: session.id })
      .from(session)
      .where(and(eq(session.token, token), gt(session.expiresAt, sql`now()`)))
      .limit(1);
    return live.length > 0;
  } catch {
    return true;
  }
}

/** Thrown to render the "temporarily unavailable" page instead of a wrong answer. */
export class ServiceUnavailableError extends Error {
  override name = "ServiceUnavailableError";
  constructor() {
    super("The service is temporarily unavailable. Please try again in a moment.");
  }
}
