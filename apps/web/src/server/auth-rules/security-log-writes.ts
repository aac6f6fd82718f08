import "server-only";
import { schema } from "@tasks/db";
import { describeError } from "@tasks/service/logger";
import { type createAuthMiddleware, getIP, isAPIError } from "better-auth/api";
import { eq } from "drizzle-orm";
import { getDb } from "../db.ts";
import { logger } from "../logger.ts";
import {
  recordSecurityEvent,
  recordSignIn,
  type SecurityDetail,
  type SecurityEventType,
} from "../security-events.ts";
import { type SecurityMail, sendSecurityMail } from "../security-mail.ts";

/**
 * How security-log.ts writes from Better Auth's hooks (R-M9, R-M10): the request's client,
 * one event (a failed write is logged; the change it records stands), one mail after the
 * answer, a sign-in with its new-device mail; and the lookups naming whose event a refusal is.
 */

export type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

export interface SignedIn {
  user: { id: string; email: string; twoFactorEnabled?: boolean | null };
  session: { token: string; amr?: unknown };
}

/** The client of a hook's request: its address as Better Auth's getIP reads it, and agent. */
export function clientOf(ctx: { headers?: Headers; request?: Request }, options: object) {
  const headers = ctx.headers ?? ctx.request?.headers;
  return {
    ipAddress: headers ? getIP(headers, options as Parameters<typeof getIP>[1]) : null,
    userAgent: headers?.get("user-agent") ?? null,
  };
}

/** The answer's error code, or null when the endpoint succeeded. */
export function refusal(ctx: HookContext): { status: number; code: unknown } | null {
  const returned = ctx.context.returned;
  if (!isAPIError(returned)) return null;
  return { status: returned.statusCode, code: (returned.body as { code?: unknown })?.code };
}

/** Writes the event; a failure to write is logged, the change it records stands. */
export async function record(
  ctx: HookContext,
  userId: string,
  type: SecurityEventType,
  detail?: SecurityDetail,
) {
  await written(type, () =>
    recordSecurityEvent({ userId, type, detail, ...clientOf(ctx, ctx.context.options) }),
  );
}

/** A write of the log that failed: logged; the change it records stands. */
export function notLogged(error: unknown, type?: SecurityEventType): undefined {
  logger().error({ event: "security-log.failed", type, err: describeError(error) }, "not logged");
  return undefined;
}

/** Runs one write of the log: its result, or undefined (logged) when it failed. */
export async function written<T>(type: SecurityEventType, write: () => Promise<T>) {
  try {
    return await write();
  } catch (error) {
    return notLogged(error, type);
  }
}

/** Sends the mail after the answer (Better Auth's background tasks, as the reset mail). */
export function mail(ctx: HookContext, to: string, kind: SecurityMail["kind"], left?: number) {
  const { ipAddress, userAgent } = clientOf(ctx, ctx.context.options);
  void ctx.context.runInBackgroundOrAwait(
    sendSecurityMail({ to, kind, at: new Date(), ipAddress, userAgent, left }),
  );
}

/** A sign-in (after every factor asked), and its mail when the device is new (R-M10). */
export async function signIn(ctx: HookContext, data: SignedIn, factors: string) {
  const signUp = ctx.path === "/sign-up/email";
  const client = clientOf(ctx, ctx.context.options);
  const amr = typeof data.session.amr === "string" && data.session.amr !== "";
  const detail: SecurityDetail = {
    factors,
    ...(amr ? { amr: (data.session.amr as string).split(" ") } : {}),
    ...(signUp ? { signUp: true } : {}),
  };
  const signedIn = await written("sign-in", () =>
    recordSignIn({ userId: data.user.id, detail, ...client }),
  );
  if (signedIn && !signedIn.seenBefore && !signUp) {
    mail(ctx, data.user.email, "new-device-sign-in");
  }
}

/** A passkey's name and owner by its id, if it exists (read before its deletion). */
export async function passkeyById(id: unknown) {
  if (typeof id !== "string") return undefined;
  const [row] = await getDb()
    .select({ name: schema.passkey.name, userId: schema.passkey.userId })
    .from(schema.passkey)
    .where(eq(schema.passkey.id, id))
    .limit(1);
  return row;
}

/** The owner of the passkey a WebAuthn answer names by its credential id, if any. */
export async function passkeyOwner(body: unknown): Promise<string | undefined> {
  const credentialId = (body as { response?: { id?: unknown } } | undefined)?.response?.id;
  if (typeof credentialId !== "string") return undefined;
  const [row] = await getDb()
    .select({ userId: schema.passkey.userId })
    .from(schema.passkey)
    .where(eq(schema.passkey.credentialID, credentialId))
    .limit(1);
  return row?.userId;
}

/** The account holding `email`, if any (for refusals, which carry no session). */
export async function userIdByEmail(email: unknown): Promise<string | undefined> {
  if (typeof email !== "string") return undefined;
  const [row] = await getDb()
    .select({ id: schema.user.id })
    .from(schema.user)
    .where(eq(schema.user.email, email.trim().toLowerCase()))
    .limit(1);
  return row?.id;
}

/** The email of the account `userId`, if it still exists. */
export async function emailOf(userId: string): Promise<string | undefined> {
  const [row] = await getDb()
    .select({ email: schema.user.email })
    .from(schema.user)
    .where(eq(schema.user.id, userId));
  return row?.email;
}
