import "server-only";
import { schema } from "@tasks/db";
import type { GenericEndpointContext } from "better-auth";
import { APIError, getIP, isAPIError } from "better-auth/api";
import { and, eq, gt, isNull, lte, or, sql } from "drizzle-orm";
import { getDb } from "../db.ts";
import { deviceName } from "../device-name.ts";
import { sendLockoutMail } from "../lockout-mail.ts";
import { logger } from "../logger.ts";
import { pending, secondStepOf, tries, triesLeftOf, triesOfPending } from "./pending-sign-in.ts";

/**
 * The second step's lockout on every instance (R-M4): a budget of 10 checks claimed in the
 * database before a code is checked at sign-in, settled by the plugin's answer, and one mail
 * per lockout. second-step.ts calls these from its hooks around the plugin's endpoints.
 */

/** Failed second steps in a row that lock it (R-M4), and for how long. */
export const LOCKOUT_FAILURES = 10;
export const LOCKOUT_SECONDS = 15 * 60;
/** A claim older than any check could take: no check is under way any more (`claimCheck`). */
const CLAIM_STALE = sql.raw(`interval '60 seconds'`);

/** Checks at sign-in holding a claim (`claimCheck`), by request, with whose step it is. */
const claimedChecks = new WeakMap<Request, string>();

/**
 * Claims one check of the lockout's budget before a code is checked at sign-in (R-M4), in
 * one conditional update: `claimed_checks` counts the failures in a row and the checks under
 * way, and at most 10 are claimed on every instance, where the plugin alone (it reads the
 * lock, then counts) let parallel guesses on many pending sign-ins pass 10. A lapsed lock
 * starts both counts again, as the plugin would. Claims older than any check (requests that
 * died before settling them) are resynced to the plugin's count of failures, at most 9: a
 * count the plugin left at 10 without its lock (its two writes apart) allows one more check,
 * whose failure writes the lock, as the plugin alone would. Claim times are the database's
 * clock, so instances whose clocks differ agree on what is stale.
 * Returns the claimed second step, or null when nothing was claimed.
 */
export async function claimCheck(ctx: GenericEndpointContext, identifier: string) {
  const { twoFactor } = schema;
  // The plugin's clock, as it writes `locked_until` by it.
  const now = new Date();
  const lapsed = sql`${twoFactor.lockedUntil} <= ${now}`;
  const stale = sql`${twoFactor.checksClaimedAt} is null or ${twoFactor.checksClaimedAt} < now() - ${CLAIM_STALE}`;
  const resynced = sql`least(${twoFactor.failedVerificationCount}, ${LOCKOUT_FAILURES - 1})`;
  const claimed = sql`case when ${lapsed} then 0 when ${stale} then ${resynced} else ${twoFactor.claimedChecks} end`;
  const [found] = await getDb()
    .update(twoFactor)
    .set({
      claimedChecks: sql`${claimed} + 1`,
      checksClaimedAt: sql`now()`,
      failedVerificationCount: sql`case when ${lapsed} then 0 else ${twoFactor.failedVerificationCount} end`,
      lockedUntil: sql`case when ${lapsed} then null else ${twoFactor.lockedUntil} end`,
    })
    .from(pending)
    .leftJoin(tries, triesOfPending)
    .where(
      and(
        eq(pending.identifier, identifier),
        gt(pending.expiresAt, now),
        eq(twoFactor.userId, pending.value),
        eq(twoFactor.verified, true),
        or(lapsed, and(isNull(twoFactor.lockedUntil), sql`${claimed} < ${LOCKOUT_FAILURES}`)),
      ),
    )
    .returning({ row: twoFactor, tries: tries.value });
  if (!found) return null;
  const { row, tries: count } = found;
  if (ctx.request) claimedChecks.set(ctx.request, row.userId);
  return { userId: row.userId, signIn: true, triesLeft: triesLeftOf(count), row };
}

/** What a check's answer does to its claim: a wrong code keeps it as the failure it is. */
type ClaimOutcome = "failed" | "passed" | "not-checked";

/** The plugin's answers to a code it compared and found wrong (it counted the failure). */
const WRONG_CODE = new Set(["INVALID_CODE", "INVALID_BACKUP_CODE"]);

export const errorCodeOf = (answer: APIError) =>
  (answer.body as { code?: unknown } | undefined)?.code;

/** What the plugin's answer did with a check claimed for `userId`. */
function outcomeOf(answer: unknown, userId: string): ClaimOutcome {
  if (isAPIError(answer))
    return WRONG_CODE.has(errorCodeOf(answer) as string) ? "failed" : "not-checked";
  // Signed in as the person claimed for: their right code. Anyone else's was not theirs.
  const signedIn = (answer as { user?: { id?: unknown } } | null)?.user?.id;
  return signedIn === userId ? "passed" : "not-checked";
}

/**
 * Settles the claim of this request's check (`claimCheck`) by the plugin's answer: a wrong code
 * keeps it (the plugin counted the same failure); a right one starts the count again, as the
 * plugin's reset does, and so does the telling of lockouts (a later lockout is a new one);
 * a request refused before its code was compared gives it back.
 * Returns whose step it was and the outcome, or undefined when this request held no claim.
 */
export async function settleClaim(ctx: GenericEndpointContext, answer: unknown) {
  const userId = ctx.request && claimedChecks.get(ctx.request);
  if (!ctx.request || !userId) return undefined;
  claimedChecks.delete(ctx.request);
  const outcome = outcomeOf(answer, userId);
  if (outcome === "failed") return { userId, outcome };
  const { twoFactor } = schema;
  await getDb()
    .update(twoFactor)
    .set(
      outcome === "passed"
        ? { claimedChecks: 0, lockoutNotifiedUntil: null }
        : { claimedChecks: sql`greatest(${twoFactor.claimedChecks} - 1, 0)` },
    )
    .where(eq(twoFactor.userId, userId));
  return { userId, outcome };
}

/** Whole seconds until `until`, at least 1 (a check under way ends within it). */
export const secondsUntil = (until: Date | null | undefined) =>
  Math.max(1, Math.ceil(((until?.getTime() ?? 0) - Date.now()) / 1000));

/** A locked second step's 429 says when it opens again, not the throttle's minute (R-M4). */
export async function retryAfterLockout(refusal: APIError, ctx: GenericEndpointContext) {
  const who = await secondStepOf(ctx);
  const seconds = secondsUntil(who?.row?.lockedUntil);
  throw new APIError("TOO_MANY_REQUESTS", refusal.body, { "x-retry-after": String(seconds) });
}

/**
 * Claims the telling of the person's lockout, if one is in force and they were not told of it
 * (wrong codes at once may each see the lock), and mails them. Returns the lockout's end when
 * this request tells it, else null.
 */
export async function claimTelling(ctx: GenericEndpointContext, userId: string) {
  const { twoFactor, user } = schema;
  const now = new Date();
  const [claimed] = await getDb()
    .update(twoFactor)
    .set({ lockoutNotifiedUntil: sql`${twoFactor.lockedUntil}` })
    .from(user)
    .where(
      and(
        eq(twoFactor.userId, userId),
        eq(user.id, twoFactor.userId),
        // The plugin's clock, as it wrote `locked_until` by it.
        gt(twoFactor.lockedUntil, now),
        or(isNull(twoFactor.lockoutNotifiedUntil), lte(twoFactor.lockoutNotifiedUntil, now)),
      ),
    )
    .returning({ email: user.email, lockedUntil: twoFactor.lockedUntil });
  if (!claimed?.lockedUntil) return null;
  logger().warn({ event: "auth.second-step.locked" }, "second step locked");
  const headers = ctx.headers;
  await ctx.context.runInBackgroundOrAwait(
    sendLockoutMail({
      email: claimed.email,
      lockedAt: new Date(),
      lockedUntil: claimed.lockedUntil,
      device: deviceName(headers?.get("user-agent")),
      ipAddress: headers ? getIP(headers, ctx.context.options) : null,
    }),
  );
  return claimed.lockedUntil;
}
