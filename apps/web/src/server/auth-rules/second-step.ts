import "server-only";
import { schema } from "@tasks/db";
import type { BetterAuthPlugin, GenericEndpointContext } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import { symmetricDecrypt } from "better-auth/crypto";
import type { TwoFactorOptions } from "better-auth/plugins";
import { TWO_FACTOR_ERROR_CODES } from "better-auth/plugins/two-factor";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { getDb } from "../db.ts";
import { logger } from "../logger.ts";
import {
  hashRecoveryCodes,
  newRecoveryCodes,
  storedFormOf,
  storedRecoveryCodes,
} from "../recovery-codes.ts";
import { matchingStep, totpKey } from "../totp-steps.ts";
import { pendingIdentifier, secondStepOf, twoFactorRow } from "./pending-sign-in.ts";
import {
  claimCheck,
  claimTelling,
  errorCodeOf,
  LOCKOUT_FAILURES,
  LOCKOUT_SECONDS,
  retryAfterLockout,
  secondsUntil,
  settleClaim,
} from "./second-step-lockout.ts";

const DAY = 24 * 60 * 60;

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
