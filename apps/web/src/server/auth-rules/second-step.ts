import "server-only";
import { schema } from "@tasks/db";
import type { BetterAuthPlugin, GenericEndpointContext } from "better-auth";
import {
  APIError,
  createAuthMiddleware,
  getIP,
  getSessionFromCtx,
  isAPIError,
} from "better-auth/api";
import { symmetricDecrypt } from "better-auth/crypto";
import type { TwoFactorOptions } from "better-auth/plugins";
import { TWO_FACTOR_ERROR_CODES } from "better-auth/plugins/two-factor";
import { and, desc, eq, gt, isNull, lt, lte, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb } from "../db.ts";
import { deviceName } from "../device-name.ts";
import { sendLockoutMail } from "../lockout-mail.ts";
import { logger } from "../logger.ts";
import {
  hashRecoveryCodes,
  newRecoveryCodes,
  storedFormOf,
  storedRecoveryCodes,
} from "../recovery-codes.ts";
import { matchingStep, totpKey } from "../totp-steps.ts";

const DAY = 24 * 60 * 60;

/** Failed second steps in a row that lock it (R-M4), and for how long. */
const LOCKOUT_FAILURES = 10;
const LOCKOUT_SECONDS = 15 * 60;
/** A claim older than any check could take: no check is under way any more (`claimCheck`). */
const CLAIM_STALE = sql.raw(`interval '60 seconds'`);

/**
 * Better Auth's twoFactor options (R-M1–R-M4): the pending step lasts 10 minutes, a device is
 * trusted 30 days, 10 failures lock the second step for 15 minutes on every instance, and
 * recovery codes of 120 bits are stored only as keyed hashes (recovery-codes.ts).
 */
export function secondStepOptions(): TwoFactorOptions {
  return {
    issuer: "Tasks",
    twoFactorCookieMaxAge: 10 * 60,
    trustDeviceMaxAge: 30 * DAY,
    accountLockout: {
      enabled: true,
      maxFailedAttempts: LOCKOUT_FAILURES,
      durationSeconds: LOCKOUT_SECONDS,
    },
    backupCodeOptions: {
      customBackupCodesGenerate: newRecoveryCodes,
      // The plugin decrypts, parses and compares with `includes`: hashes in, hashes out.
      storeBackupCodes: { encrypt: hashRecoveryCodes, decrypt: async (stored) => stored },
    },
  };
}

const VERIFY_TOTP = "/two-factor/verify-totp";
const VERIFY_RECOVERY_CODE = "/two-factor/verify-backup-code";
/** What the plugin gets instead of a code whose step was taken already: never a valid code. */
const TAKEN = "taken";
/** The plugin's tries per pending sign-in (verify-two-factor.mjs, `beginAttempt(5)`). */
const MAX_TRIES = 5;

/** The identifier of the pending sign-in in the plugin's signed `two_factor` cookie. */
const pendingIdentifier = (ctx: GenericEndpointContext) =>
  ctx.getSignedCookie(ctx.context.createAuthCookie("two_factor").name, ctx.context.secret);

async function twoFactorRow(userId: string) {
  const rows = await getDb()
    .select()
    .from(schema.twoFactor)
    .where(eq(schema.twoFactor.userId, userId))
    .limit(1);
  return rows[0];
}

const pending = alias(schema.verification, "pending");
const tries = alias(schema.verification, "tries");

/** The pending sign-in's tries: the plugin's `2fa-attempts-<identifier>` row. */
const triesOfPending = eq(tries.identifier, sql`'2fa-attempts-' || ${pending.identifier}`);

/** Tries a pending sign-in has left; the plugin refuses the sixth before it looks at the code. */
const triesLeftOf = (count: string | null) => (count === null ? 0 : MAX_TRIES - Number(count));

/**
 * Whose second step this request is, as the plugin decides it (verify-two-factor.mjs): the
 * session's person (turning it on), else the person of the live pending sign-in named by the
 * `two_factor` cookie, with the tries it has left, in one query; with their two_factor row.
 * Null when neither holds: the plugin then refuses.
 */
async function secondStepOf(ctx: GenericEndpointContext) {
  const session = await getSessionFromCtx(ctx).catch(() => null);
  if (session) {
    const row = await twoFactorRow(session.user.id);
    return { userId: session.user.id, signIn: false, triesLeft: MAX_TRIES, row };
  }
  const identifier = await pendingIdentifier(ctx);
  if (!identifier) return null;
  const [found] = await getDb()
    .select({
      userId: pending.value,
      expiresAt: pending.expiresAt,
      tries: tries.value,
      row: schema.twoFactor,
    })
    .from(pending)
    .leftJoin(tries, triesOfPending)
    .leftJoin(schema.twoFactor, eq(schema.twoFactor.userId, pending.value))
    .where(eq(pending.identifier, identifier))
    .orderBy(desc(pending.createdAt))
    .limit(1);
  if (!found || found.expiresAt <= new Date()) return null;
  return {
    userId: found.userId,
    signIn: true,
    triesLeft: triesLeftOf(found.tries),
    row: found.row ?? undefined,
  };
}

/** Checks at sign-in holding a claim (`claimCheck`), by request, with whose step it is. */
const claimedChecks = new WeakMap<Request, string>();

/** A code refused at sign-in: whose it was, and the lockout this refusal started (or null). */
export interface RefusedCode {
  userId: string;
  lockedUntil: Date | null;
}

/** Refused codes by hook context, for the security log (`refusedCodeOf`). */
const refusedCodes = new WeakMap<object, RefusedCode>();

/**
 * The code refused in this request, as `afterCheck` found it, for security-log.ts's
 * after-hook, which runs after this plugin's (auth.ts's plugin order): it need not read the
 * pending sign-in again, which a later request may have consumed by then.
 */
export const refusedCodeOf = (context: object): RefusedCode | undefined =>
  refusedCodes.get(context);

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
async function claimCheck(ctx: GenericEndpointContext, identifier: string) {
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

const errorCodeOf = (answer: APIError) => (answer.body as { code?: unknown } | undefined)?.code;

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
async function settleClaim(ctx: GenericEndpointContext, answer: unknown) {
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

/**
 * The request's headers without the `two_factor` cookie, for a check made with a session: the
 * plugin reads the session again, and if it ended meanwhile it would fall back to the pending
 * sign-in the cookie names, checking a code no claim was made for.
 */
function withoutPendingCookie(ctx: GenericEndpointContext): Headers {
  const name = ctx.context.createAuthCookie("two_factor").name;
  const cookies = ((ctx.headers ?? ctx.request?.headers)?.get("cookie") ?? "")
    .split(";")
    .filter((pair) => pair.split("=", 1)[0]?.trim() !== name);
  return new Headers({ cookie: cookies.join(";") });
}

/**
 * The second step a code is checked for, with a check claimed at sign-in (`claimCheck`), and
 * the request's headers to give the plugin when they must change (`withoutPendingCookie`).
 * Throws 429 ACCOUNT_TEMPORARILY_LOCKED with Retry-After when the step is locked, or when 10
 * checks are failed or under way, and 401 INVALID_TWO_FACTOR_COOKIE when the pending sign-in
 * named is gone or expired; `who` is null when the plugin will refuse the request itself.
 */
async function beginCheck(ctx: GenericEndpointContext) {
  const identifier = ctx.request ? await pendingIdentifier(ctx) : null;
  const session = identifier ? await getSessionFromCtx(ctx).catch(() => null) : null;
  if (identifier && session) {
    return { who: await secondStepOf(ctx), headers: withoutPendingCookie(ctx) };
  }
  if (identifier) {
    const claimed = await claimCheck(ctx, identifier);
    if (claimed) return { who: claimed };
  }
  const who = await secondStepOf(ctx);
  if (identifier && !session && !who) {
    // No live pending sign-in: refused as the plugin refuses a missing one. The plugin reads a
    // pending sign-in without its expiry, and would count this code and end a lapsed lock
    // beside the claims (claimCheck), leaving them closed.
    const { code, message } = TWO_FACTOR_ERROR_CODES.INVALID_TWO_FACTOR_COOKIE;
    throw new APIError("UNAUTHORIZED", { code, message });
  }
  if (who?.signIn && who.row?.verified && ctx.request) {
    const seconds = secondsUntil(who.row.lockedUntil);
    const { code, message } = TWO_FACTOR_ERROR_CODES.ACCOUNT_TEMPORARILY_LOCKED;
    throw new APIError(
      "TOO_MANY_REQUESTS",
      { code, message },
      { "x-retry-after": String(seconds) },
    );
  }
  return { who };
}

/** Whole seconds until `until`, at least 1 (a check under way ends within it). */
const secondsUntil = (until: Date | null | undefined) =>
  Math.max(1, Math.ceil(((until?.getTime() ?? 0) - Date.now()) / 1000));

/**
 * Takes `step` for the person if no later or equal step was taken (RFC 6238 §5.2), in one
 * conditional update so two instances cannot both take it.
 */
async function takeStep(userId: string, step: number): Promise<boolean> {
  const { twoFactor } = schema;
  const taken = await getDb()
    .update(twoFactor)
    .set({ lastTotpStep: step })
    .where(
      and(
        eq(twoFactor.userId, userId),
        or(isNull(twoFactor.lastTotpStep), lt(twoFactor.lastTotpStep, step)),
      ),
    )
    .returning({ id: twoFactor.id });
  return taken.length > 0;
}

/**
 * Before a TOTP code is checked: a check claimed at sign-in (`beginCheck`), and a code whose
 * step was taken already reaches the plugin as a wrong code (R-M3, R-M4).
 */
const beginTotpCheck = createAuthMiddleware(async (ctx) => {
  const code = (ctx.body as { code?: unknown } | undefined)?.code;
  if (typeof code !== "string") return;
  const { who, headers } = await beginCheck(ctx);
  const row = who?.row;
  const unchanged = headers ? { context: { headers } } : undefined;
  // The plugin refuses these itself; a step is not taken by a request it refuses anyway.
  if (!who || !row) return unchanged;
  const refused = !row.verified || (row.lockedUntil ?? 0) > new Date() || !(who.triesLeft > 0);
  if (who.signIn && refused) return unchanged;
  const secret = await symmetricDecrypt({ key: ctx.context.secretConfig, data: row.secret });
  const step = matchingStep(totpKey(secret), code);
  if (step === null || (await takeStep(who.userId, step))) return unchanged;
  logger().warn({ event: "auth.second-step.replayed" }, "a TOTP code was used again");
  return { context: { headers, body: { ...(ctx.body as object), code: TAKEN } } };
});

/**
 * Before a recovery code is checked: a check claimed at sign-in (`beginCheck`), and the
 * typed code reaches the plugin as its stored hash (recovery-codes.ts; R-M3, R-M4).
 */
const beginRecoveryCodeCheck = createAuthMiddleware(async (ctx) => {
  const code = (ctx.body as { code?: unknown } | undefined)?.code;
  if (typeof code !== "string") return;
  const { who, headers } = await beginCheck(ctx);
  const hashed = storedFormOf(code, storedRecoveryCodes(who?.row?.backupCodes));
  return { context: { headers, body: { ...(ctx.body as object), code: hashed } } };
});

/** A used recovery code's answer says how many are left (R-M3). */
const countRecoveryCodesLeft = createAuthMiddleware(async (ctx) => {
  const returned = ctx.context.returned;
  if (isAPIError(returned) || !returned || typeof returned !== "object") return;
  const userId = (returned as { user?: { id?: unknown } }).user?.id;
  if (typeof userId !== "string") return;
  const row = await twoFactorRow(userId);
  const recoveryCodesLeft = storedRecoveryCodes(row?.backupCodes).length;
  return ctx.json({ ...(returned as object), recoveryCodesLeft });
});

/** A locked second step's 429 says when it opens again, not the throttle's minute (R-M4). */
async function retryAfterLockout(refusal: APIError, ctx: GenericEndpointContext) {
  const who = await secondStepOf(ctx);
  const seconds = secondsUntil(who?.row?.lockedUntil);
  throw new APIError("TOO_MANY_REQUESTS", refusal.body, { "x-retry-after": String(seconds) });
}

/**
 * After a check at sign-in: its claim is settled (`settleClaim`); if its wrong code locked the
 * second step and the person was not told of this lockout yet, one instance claims the telling
 * and mails them (R-M4). Only a wrong code tells: a request refused as locked did not start it.
 */
const afterCheck = createAuthMiddleware(async (ctx) => {
  const answer = ctx.context.returned;
  const settled = await settleClaim(ctx, answer);
  if (!isAPIError(answer)) return;
  if (settled) {
    const { userId, outcome } = settled;
    const lockedUntil = outcome === "failed" ? await claimTelling(ctx, userId) : null;
    refusedCodes.set(ctx.context, { userId, lockedUntil });
  }
  if (errorCodeOf(answer) === "ACCOUNT_TEMPORARILY_LOCKED") await retryAfterLockout(answer, ctx);
});

/**
 * Claims the telling of the person's lockout, if one is in force and they were not told of it
 * (wrong codes at once may each see the lock), and mails them. Returns the lockout's end when
 * this request tells it, else null.
 */
async function claimTelling(ctx: GenericEndpointContext, userId: string) {
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

/**
 * Turning off what is not on is refused and changes nothing (R-M9, R-M10): the plugin would
 * answer it as done, replace the session, and it would be logged and mailed as a change.
 * Without a session the plugin answers 401 itself.
 */
const refuseDisableWhenOff = createAuthMiddleware(async (ctx) => {
  const session = await getSessionFromCtx(ctx).catch(() => null);
  if (!session) return;
  const [person] = await getDb()
    .select({ on: schema.user.twoFactorEnabled })
    .from(schema.user)
    .where(eq(schema.user.id, session.user.id));
  if (person?.on) return;
  throw new APIError("BAD_REQUEST", {
    code: TWO_FACTOR_ERROR_CODES.TWO_FACTOR_NOT_ENABLED.code,
    message: "Two-step verification is not on.",
  });
});

/** What the twoFactor plugin does not do itself (R-M3, R-M4, R-M9), as hooks around its endpoints. */
export const secondStepRules = () =>
  ({
    id: "second-step-rules",
    hooks: {
      before: [
        { matcher: (ctx) => ctx.path === VERIFY_TOTP, handler: beginTotpCheck },
        { matcher: (ctx) => ctx.path === VERIFY_RECOVERY_CODE, handler: beginRecoveryCodeCheck },
        { matcher: (ctx) => ctx.path === "/two-factor/disable", handler: refuseDisableWhenOff },
      ],
      after: [
        { matcher: (ctx) => ctx.path === VERIFY_RECOVERY_CODE, handler: countRecoveryCodesLeft },
        {
          matcher: (ctx) => ctx.path === VERIFY_TOTP || ctx.path === VERIFY_RECOVERY_CODE,
          handler: afterCheck,
        },
      ],
    },
  }) satisfies BetterAuthPlugin;
