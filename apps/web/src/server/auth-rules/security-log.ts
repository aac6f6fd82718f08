import "server-only";
import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";
import {
  recordSecurityEvent,
  type SecurityDetail,
  type SecurityEventType,
} from "../security-events.ts";
import { type RefusedCode, refusedCodeOf } from "./second-step.ts";
import {
  emailOf,
  type HookContext,
  mail,
  notLogged,
  passkeyById,
  passkeyOwner,
  record,
  refusal,
  type SignedIn,
  signIn,
  userIdByEmail,
  written,
} from "./security-log-writes.ts";

/**
 * The security log (SPEC R-M9) and security mail (R-M10), started right after Better Auth
 * makes each change: after-hooks on its endpoints (not waited for: the answer goes out
 * beside them) and database hooks for sessions that end and reset links used. Requests
 * that change no access (get-session, token, list-sessions) pass no hook of this plugin;
 * see decision 049.
 */

/** How the person got in, in words, by the endpoint that signed them in. */
const FACTORS: Record<string, string> = {
  "/sign-up/email": "password",
  "/sign-in/email": "password",
  "/two-factor/verify-totp": "password and authenticator app",
  "/two-factor/verify-backup-code": "password and recovery code",
  "/passkey/verify-authentication": "passkey",
};

const SECOND_STEP = new Set(["/two-factor/verify-totp", "/two-factor/verify-backup-code"]);

/** Paths whose success alone is the event. */
const SIMPLE: Record<string, SecurityEventType> = {
  "/change-password": "password.changed",
  "/two-factor/disable": "two-factor.disabled",
  "/trusted-devices/remove": "trusted-device.removed",
};

const MATCHED = new Set([
  ...Object.keys(FACTORS),
  ...Object.keys(SIMPLE),
  "/two-factor/enable",
  "/two-factor/generate-backup-codes",
  "/passkey/verify-registration",
  "/passkey/delete-passkey",
  "/request-password-reset",
  "/reset-password",
]);

/**
 * Paths whose deleted sessions ended, and by whom: `/sign-out` the caller's own ("this
 * device"); "any" may end the caller's own or another's; "others" end other sessions and
 * replace the caller's (a replaced session did not end).
 */
const ENDS: Record<string, "own" | "any" | "others"> = {
  "/sign-out": "own",
  "/revoke-session": "any",
  "/revoke-sessions": "any",
  "/revoke-other-sessions": "others",
  "/change-password": "others",
  "/reset-password": "others",
};

/** Whose reset link /reset-password consumed, for the event once the password is set. */
const resetBy = new WeakMap<object, string>();

/** A passkey's name and owner read before its deletion, for the event after it. */
const passkeysToDelete = new WeakMap<object, { name: string | null; userId: string }>();

/**
 * Recovery codes left, as the answer says them: second-step.ts's after-hook, earlier in the
 * plugin list (auth.ts), counted them for the answer (R-M3).
 */
function codesLeft(ctx: HookContext): number | undefined {
  const left = (ctx.context.returned as { recoveryCodesLeft?: unknown } | undefined)
    ?.recoveryCodesLeft;
  return typeof left === "number" ? left : undefined;
}

/** A refused second step of a pending sign-in, and the lockout it started (second-step.ts). */
async function secondStepRefused(ctx: HookContext, code: unknown, refused?: RefusedCode) {
  if (code !== "INVALID_CODE" && code !== "INVALID_BACKUP_CODE") return;
  if (!refused) return;
  const method = code === "INVALID_CODE" ? "authenticator app" : "recovery code";
  await record(ctx, refused.userId, "second-step.failed", { method });
  if (refused.lockedUntil) {
    await record(ctx, refused.userId, "second-step.locked", {
      until: refused.lockedUntil.toISOString(),
    });
  }
}

async function afterSecondStep(ctx: HookContext) {
  const failed = refusal(ctx);
  const before = ctx.context.session as SignedIn | null;
  const left = codesLeft(ctx);
  const trustDevice = (ctx.body as { trustDevice?: unknown } | undefined)?.trustDevice === true;
  if (failed) {
    if (!before?.session) await secondStepRefused(ctx, failed.code, refusedCodeOf(ctx.context));
    return;
  }
  const data = ctx.context.newSession as SignedIn | null;
  const backup = ctx.path === "/two-factor/verify-backup-code";
  if (!before?.session) {
    // A pending sign-in finished: the session is created only now (R-M2).
    if (!data) return;
    await signIn(ctx, data, FACTORS[ctx.path] as string);
    if (trustDevice) await record(ctx, data.user.id, "trusted-device.added");
  } else if (!backup && !before.user.twoFactorEnabled && data?.user.twoFactorEnabled) {
    await record(ctx, before.user.id, "two-factor.enabled");
  }
  if (backup) {
    const user = (before?.session ? before.user : data?.user) as SignedIn["user"] | undefined;
    if (!user) return;
    await record(ctx, user.id, "recovery-code.used", left === undefined ? {} : { left });
    mail(ctx, user.email, "recovery-code-used", left);
  }
}

/**
 * Writes the event (and mail) of an endpoint's outcome. Reads what it needs of the hook's
 * context before its first `await`: the hook below does not wait for it.
 */
async function afterEndpoint(ctx: HookContext) {
  const path = ctx.path;
  if (SECOND_STEP.has(path)) return afterSecondStep(ctx);
  const failed = refusal(ctx);
  const session = ctx.context.session as SignedIn | null;
  const email = (ctx.body as { email?: unknown } | undefined)?.email;
  if (failed) {
    if (path === "/sign-in/email" && failed.code === "INVALID_EMAIL_OR_PASSWORD") {
      const id = await userIdByEmail(email);
      if (id) await record(ctx, id, "sign-in.failed");
    }
    // A passkey of theirs, answered without user verification or not verified (R-M9).
    if (path === "/passkey/verify-authentication" && failed.status !== 429) {
      const id = await passkeyOwner(ctx.body);
      if (id) await record(ctx, id, "sign-in.failed", { method: "passkey" });
    }
    return;
  }
  const answer = ctx.context.returned as Record<string, unknown> | undefined;
  if (path in FACTORS) {
    // With a second factor pending, /sign-in/email answers twoFactorRedirect and no session.
    const data = ctx.context.newSession as SignedIn | null;
    if (!data || answer?.twoFactorRedirect) return;
    const trusted = path === "/sign-in/email" && data.user.twoFactorEnabled;
    return signIn(ctx, data, trusted ? "password on a trusted device" : (FACTORS[path] as string));
  }
  if (path === "/request-password-reset") {
    const id = await userIdByEmail(email);
    if (id) await record(ctx, id, "password-reset.requested");
    return;
  }
  if (path === "/reset-password") {
    const userId = resetBy.get(ctx.context);
    if (!userId) return;
    await record(ctx, userId, "password-reset.used");
    // A reset changes the password too: the person is told, as for a change (R-M10).
    const email = await emailOf(userId);
    if (email) mail(ctx, email, "password-reset");
    return;
  }
  if (path === "/passkey/delete-passkey") {
    const removed = passkeysToDelete.get(ctx.context);
    if (!session || !removed || removed.userId !== session.user.id) return;
    return record(
      ctx,
      session.user.id,
      "passkey.removed",
      removed.name ? { name: removed.name } : {},
    );
  }
  if (path === "/passkey/verify-registration") {
    const userId = typeof answer?.userId === "string" ? answer.userId : session?.user.id;
    if (!userId) return;
    const name = typeof answer?.name === "string" ? answer.name : "";
    await record(ctx, userId, "passkey.added", name ? { name } : {});
    const to = session?.user.id === userId ? session.user.email : undefined;
    if (to) mail(ctx, to, "passkey-added");
    return;
  }
  if (!session) return;
  if (path === "/two-factor/generate-backup-codes" || path === "/two-factor/enable") {
    // Setting up the authenticator app makes the first codes (R-M9: "recovery codes made").
    const codes = Array.isArray(answer?.backupCodes) ? answer.backupCodes.length : undefined;
    const detail: SecurityDetail = codes ? { count: codes } : {};
    if (path === "/two-factor/enable") detail.setUp = true;
    return record(ctx, session.user.id, "recovery-codes.created", detail);
  }
  const type = SIMPLE[path];
  if (!type) return;
  await record(ctx, session.user.id, type);
  if (type === "password.changed") mail(ctx, session.user.email, "password-changed");
  if (type === "two-factor.disabled") mail(ctx, session.user.email, "two-factor-disabled");
}

interface EndedSession {
  userId: string;
  token: string;
  expiresAt: Date;
  ipAddress?: string | null;
  userAgent?: string | null;
}

/**
 * A session deleted by one of ENDS's paths, or past its end: `session.ended`, with the
 * ended session's device and address, and who ended it. Sessions Better Auth replaces
 * (a second step pending, two-step verification turned on or off) are not ended.
 */
async function sessionDeleted(ended: EndedSession, ctx: HookContext | null) {
  const path = ctx?.path;
  const rule = path ? ENDS[path] : undefined;
  const asking = (ctx?.context.session as SignedIn | null)?.session?.token;
  let by: string | undefined;
  if (new Date(ended.expiresAt).getTime() <= Date.now()) by = "expiry";
  else if (rule === "own") by = "this device";
  else if (rule && ended.token !== asking) by = "another device";
  else if (rule === "any") by = "this device";
  if (!by) return;
  await written("session.ended", () =>
    recordSecurityEvent({
      userId: ended.userId,
      type: "session.ended",
      ipAddress: ended.ipAddress,
      userAgent: ended.userAgent,
      detail: { by },
    }),
  );
}

export const securityLog = () =>
  ({
    id: "security-log",
    init: () => ({
      options: {
        databaseHooks: {
          session: {
            delete: {
              after: (session, ctx) =>
                sessionDeleted(session as EndedSession, ctx as HookContext | null),
            },
          },
          // The reset link's token is consumed at /reset-password: its value is the user id.
          verification: {
            delete: {
              after: async (verification, ctx) => {
                if (ctx?.path !== "/reset-password") return;
                resetBy.set(ctx.context, verification.value);
              },
            },
          },
        },
      },
    }),
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === "/passkey/delete-passkey",
          handler: createAuthMiddleware(async (ctx) => {
            const passkey = await passkeyById((ctx.body as { id?: unknown } | undefined)?.id);
            if (passkey) passkeysToDelete.set(ctx.context, passkey);
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path !== undefined && MATCHED.has(ctx.path),
          handler: createAuthMiddleware(async (ctx) => {
            // Not waited for: the queries start before the answer is sent and finish beside
            // it, held by Better Auth's background tasks (Next.js's `after`). The log adds
            // nothing to an answer's time (issue 20's budgets), and an event about an email
            // address does not say by its time whether the account exists.
            const logged = afterEndpoint(ctx).catch((error: unknown) => notLogged(error));
            void ctx.context.runInBackgroundOrAwait(logged);
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin;
