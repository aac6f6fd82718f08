import "server-only";
import { schema } from "@tasks/db";
import type { GenericEndpointContext } from "better-auth";
import { getSessionFromCtx } from "better-auth/api";
import { desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb } from "../db.ts";

/**
 * The twoFactor plugin's pending sign-in, read as the plugin reads it (verify-two-factor.mjs):
 * the `two_factor` cookie names a verification row whose value is the person, and a
 * `2fa-attempts-<identifier>` row counts its tries.
 */

/** The plugin's tries per pending sign-in (verify-two-factor.mjs, `beginAttempt(5)`). */
export const MAX_TRIES = 5;

/** The identifier of the pending sign-in in the plugin's signed `two_factor` cookie. */
export const pendingIdentifier = (ctx: GenericEndpointContext) =>
  ctx.getSignedCookie(ctx.context.createAuthCookie("two_factor").name, ctx.context.secret);

/** The person's two_factor row (secret, recovery codes, lockout), or undefined. */
export async function twoFactorRow(userId: string) {
  const rows = await getDb()
    .select()
    .from(schema.twoFactor)
    .where(eq(schema.twoFactor.userId, userId))
    .limit(1);
  return rows[0];
}

export const pending = alias(schema.verification, "pending");
export const tries = alias(schema.verification, "tries");

/** The pending sign-in's tries: the plugin's `2fa-attempts-<identifier>` row. */
export const triesOfPending = eq(tries.identifier, sql`'2fa-attempts-' || ${pending.identifier}`);

/** Tries a pending sign-in has left; the plugin refuses the sixth before it looks at the code. */
export const triesLeftOf = (count: string | null) =>
  count === null ? 0 : MAX_TRIES - Number(count);

/**
 * Whose second step this request is, as the plugin decides it (verify-two-factor.mjs): the
 * session's person (turning it on), else the person of the live pending sign-in named by the
 * `two_factor` cookie, with the tries it has left, in one query; with their two_factor row.
 * Null when neither holds: the plugin then refuses.
 */
export async function secondStepOf(ctx: GenericEndpointContext) {
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
