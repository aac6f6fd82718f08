import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { schema } from "@tasks/db";
import type { BetterAuthPlugin } from "better-auth";
import {
  APIError,
  createAuthEndpoint,
  createAuthMiddleware,
  isAPIError,
  sessionMiddleware,
} from "better-auth/api";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "../db.ts";
import { endingSessions } from "../security-events.ts";
import {
  forgetTrustedDevices,
  isTrustIdentifier,
  listTrustedDevicesOf,
  recordTrust,
  removeTrustedDevice,
} from "../trusted-devices.ts";
import { clientOf } from "./security-log-writes.ts";

/**
 * How the person proved who they are, kept on the session (R-M8; decision 047): `amr`
 * (RFC 8176 §2) stamped when a session is created; trusted devices (R-M2) named and listed.
 * `authTime` (R-M7) is recent-proof.ts's.
 */

/** RFC 8176 values in the order tokens list them. */
const AMR_ORDER = ["pwd", "otp", "hwk", "swk", "mfa"];
/** Values that show a second factor (R-M8): a code, a passkey, or `mfa` itself. */
const SECOND_FACTOR = new Set(["otp", "hwk", "swk", "mfa"]);

/** `values` as the session stores them: known values, once each, space-separated. */
function amrText(values: Iterable<string>): string {
  const set = new Set(values);
  // A password and a code together are two factors (RFC 8176 §2, `mfa`).
  if (set.has("pwd") && set.has("otp")) set.add("mfa");
  return AMR_ORDER.filter((value) => set.has(value)).join(" ");
}

/** Whether `amr` (a token's or session's, as a list) includes a second factor (R-M8). */
export const hasSecondFactor = (amr: readonly string[]) => amr.some((v) => SECOND_FACTOR.has(v));

/** Where web sends a person without a second factor under AUTH_REQUIRE_MFA (R-M8). */
export const SECOND_FACTOR_SETUP = "/account?setup=two-factor";

/**
 * The page to send a signed-in person to instead of `path` (R-M8), or null: with
 * AUTH_REQUIRE_MFA, one whose session has no second factor goes to set one up on /account.
 */
export function secondFactorSetupRedirect(
  amr: readonly string[],
  path: string,
  requireMfa: boolean,
): string | null {
  if (!requireMfa || hasSecondFactor(amr)) return null;
  return path.split(/[?#]/)[0] === "/account" ? null : SECOND_FACTOR_SETUP;
}

/** Endpoints that replace the session they are called with: it keeps its proofs and end. */
const REPLACING = new Map([
  ["/two-factor/enable", ["pwd"]],
  ["/two-factor/verify-totp", ["otp"]],
  ["/two-factor/disable", ["pwd"]],
]);

/** What a new session's way in proved, by endpoint (sessions without a session before). */
const SIGN_IN = new Map([
  ["/sign-up/email", ["pwd"]],
  ["/sign-in/email", ["pwd"]],
  ["/two-factor/verify-totp", ["pwd", "otp", "mfa"]],
  ["/two-factor/verify-backup-code", ["pwd", "otp", "mfa"]],
]);

interface HookContext {
  path?: string;
  body?: unknown;
  headers?: Headers;
  request?: Request;
  context: {
    secret: string;
    session?: { session: { id: string; amr?: unknown }; user: { id: string } } | null;
    newSession?: { session: { ipAddress?: string | null; userAgent?: string | null } } | null;
    createAuthCookie: (name: string) => { name: string };
  };
}

async function sessionRow(id: string) {
  const [row] = await getDb()
    .select({ amr: schema.session.amr, absoluteExpiresAt: schema.session.absoluteExpiresAt })
    .from(schema.session)
    .where(eq(schema.session.id, id));
  return row;
}

/** A passkey is both factors (R-M5): `hwk` if bound to one device, `swk` if synced. */
async function passkeyAmr(body: unknown): Promise<string[]> {
  const credentialId = (body as { response?: { id?: unknown } } | undefined)?.response?.id;
  const [row] =
    typeof credentialId === "string"
      ? await getDb()
          .select({ deviceType: schema.passkey.deviceType })
          .from(schema.passkey)
          .where(eq(schema.passkey.credentialID, credentialId))
      : [];
  return [row?.deviceType === "singleDevice" ? "hwk" : "swk", "mfa"];
}

/** The session fields this plugin stamps on a new session (R-M8, R-S7), by its endpoint. */
async function stampOf(
  userId: string,
  ctx: HookContext | null,
): Promise<Record<string, unknown> | undefined> {
  const path = ctx?.path ?? "";
  const current = ctx?.context.session?.session;
  const added = REPLACING.get(path);
  if (current && added) {
    // Better Auth applies the defaults again (a new absolute end): the old row holds the truth.
    const old = await sessionRow(current.id);
    const proved = [...(old?.amr?.split(" ") ?? ["pwd"]), ...added];
    return { amr: amrText(proved), absoluteExpiresAt: old?.absoluteExpiresAt ?? undefined };
  }
  if (current && path === "/change-password") {
    // Other sessions ended, this one replaced: same person, same proofs, a new end (decision 025).
    const amr = typeof current.amr === "string" && current.amr ? current.amr.split(" ") : [];
    return { amr: amrText([...amr, "pwd"]) };
  }
  if (path === "/passkey/verify-authentication")
    return { amr: amrText(await passkeyAmr(ctx?.body)) };
  const proved = SIGN_IN.get(path);
  if (!proved) return undefined;
  if (path === "/sign-in/email") {
    // The twoFactor plugin deletes this session unless a trusted device let the step be skipped.
    const [user] = await getDb()
      .select({ twoFactorEnabled: schema.user.twoFactorEnabled })
      .from(schema.user)
      .where(eq(schema.user.id, userId));
    if (user?.twoFactorEnabled) return { amr: amrText(["pwd", "mfa"]) };
  }
  return { amr: amrText(proved) };
}

/** The identifier the request's trust_device cookie names, if its HMAC binds it to `userId`. */
function trustedIdentifierOf(ctx: HookContext, userId: string): string | null {
  const header = (ctx.headers ?? ctx.request?.headers)?.get("cookie") ?? "";
  const name = ctx.context.createAuthCookie("trust_device").name;
  const raw = header
    .split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name}=`))
    ?.slice(name.length + 1);
  if (!raw) return null;
  let signed: string;
  try {
    signed = decodeURIComponent(raw);
  } catch {
    return null;
  }
  // `<hmac>!<identifier>.<cookie signature>`; the plugin's own HMAC is checked here.
  const [mac, identifier] = signed.slice(0, signed.lastIndexOf(".")).split("!");
  if (!mac || !identifier) return null;
  const expected = createHmac("sha256", ctx.context.secret)
    .update(`${userId}!${identifier}`)
    .digest("base64url");
  const ok =
    mac.length === expected.length && timingSafeEqual(Buffer.from(mac), Buffer.from(expected));
  return ok ? identifier : null;
}

const userIdOf = (ctx: { context: { session?: { user: { id: string } } | null } }) =>
  ctx.context.session?.user.id;

/** After these succeed, the person's trusted devices are forgotten (R-M2). */
/** Paths after which the person's trusted devices are forgotten (R-M2), and why, in words. */
const FORGETTING: Record<string, string> = {
  "/change-password": "password changed",
  "/reset-password": "password reset",
  "/revoke-other-sessions": "signed out everywhere else",
  "/revoke-sessions": "signed out everywhere",
  "/two-factor/disable": "two-step verification turned off",
};

/** A reset's person, found before the link is used (the answer no longer names them). */
const resetUsers = new WeakMap<object, string>();
const requestKey = (ctx: { request?: Request; headers?: Headers }) => ctx.request ?? ctx.headers;

const removeBody = z.object({ id: z.string().min(1).max(255) });

export const sessionAssurance = () =>
  ({
    id: "session-assurance",
    init: () => ({
      options: {
        databaseHooks: {
          session: {
            create: {
              before: async (session: { userId: string }, ctx: unknown) => {
                const data = await stampOf(session.userId, ctx as HookContext | null);
                return data ? { data: { ...session, ...data } } : undefined;
              },
            },
          },
          verification: {
            create: {
              after: async (
                row: { identifier: string; value: string; expiresAt: Date },
                ctx: unknown,
              ) => {
                if (!isTrustIdentifier(row.identifier) || !ctx) return;
                const context = ctx as HookContext;
                const device = context.context.newSession?.session;
                await recordTrust({
                  userId: row.value,
                  identifier: row.identifier,
                  previous: trustedIdentifierOf(context, row.value),
                  userAgent: device?.userAgent || null,
                  ipAddress: device?.ipAddress || null,
                  expiresAt: new Date(row.expiresAt),
                });
              },
            },
          },
        },
      },
    }),
    endpoints: {
      listTrustedDevices: createAuthEndpoint(
        "/trusted-devices",
        { method: "GET", use: [sessionMiddleware] },
        async (ctx) => ctx.json(await listTrustedDevicesOf(ctx.context.session.user.id)),
      ),
      removeTrustedDevice: createAuthEndpoint(
        "/trusted-devices/remove",
        { method: "POST", body: removeBody, use: [sessionMiddleware] },
        async (ctx) => {
          if (!(await removeTrustedDevice(ctx.context.session.user.id, ctx.body.id))) {
            throw new APIError("NOT_FOUND", {
              code: "NOT_FOUND",
              message: "No such trusted device.",
            });
          }
          return ctx.json({ status: true });
        },
      ),
    },
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === "/reset-password",
          handler: createAuthMiddleware(async (ctx) => {
            const token = (ctx.body as { token?: unknown } | undefined)?.token;
            const key = requestKey(ctx);
            if (typeof token !== "string" || !key) return;
            const link = await ctx.context.internalAdapter.findVerificationValue(
              `reset-password:${token}`,
            );
            if (link) resetUsers.set(key, link.value);
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path !== undefined && ctx.path in FORGETTING,
          handler: createAuthMiddleware(async (ctx) => {
            const key = requestKey(ctx);
            const userId =
              ctx.path === "/reset-password" ? key && resetUsers.get(key) : userIdOf(ctx);
            if (!userId || isAPIError(ctx.context.returned)) return;
            const because = FORGETTING[ctx.path] as string;
            await forgetTrustedDevices(userId, { because, ...clientOf(ctx, ctx.context.options) });
          }),
        },
        {
          // Turning two-step verification on (a session re-created by verify-totp) ends the
          // person's other sessions: they were made with one factor (R-M8). Each ends in the
          // security log as ended by another device (R-M9).
          matcher: (ctx) => ctx.path === "/two-factor/verify-totp",
          handler: createAuthMiddleware(async (ctx) => {
            const created = ctx.context.newSession?.session;
            if (!created || !ctx.context.session || isAPIError(ctx.context.returned)) return;
            await getDb().execute(
              endingSessions(
                sql`delete from session where user_id = ${created.userId} and id <> ${created.id}
                returning user_id, user_agent, ip_address`,
                "another device",
              ),
            );
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin;
