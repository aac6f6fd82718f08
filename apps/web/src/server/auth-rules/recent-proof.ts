import "server-only";
import { schema } from "@tasks/db";
import type { BetterAuthPlugin } from "better-auth";
import {
  APIError,
  createAuthEndpoint,
  createAuthMiddleware,
  getSessionFromCtx,
  sessionMiddleware,
} from "better-auth/api";
import { eq } from "drizzle-orm";
import { getDb } from "../db.ts";

/** How long a proof counts as recent for a sensitive change (R-M7). */
export const RECENT_PROOF_SECONDS = 5 * 60;

/**
 * Changes that need a recent proof and do not take the password themselves (R-M7). Those that
 * do (change-password, delete-user, two-factor enable, disable and new codes) are proven by it.
 */
const GUARDED_PATHS = new Set([
  "/passkey/generate-register-options",
  "/passkey/verify-registration",
  "/passkey/delete-passkey",
  "/trusted-devices/remove",
]);

const reauthenticationRequired = {
  code: "REAUTHENTICATION_REQUIRED",
  message: "Confirm your password to make this change.",
};

async function authTimeOf(sessionId: string): Promise<Date | null> {
  const [row] = await getDb()
    .select({ authTime: schema.session.authTime })
    .from(schema.session)
    .where(eq(schema.session.id, sessionId))
    .limit(1);
  return row?.authTime ?? null;
}

/**
 * Recent proof for sensitive changes (R-M7) as a plugin: `session.authTime` is when the person
 * last gave the password (set when a session is made by one, and by
 * POST /reauthenticate `{ password }`); guarded paths answer 403 REAUTHENTICATION_REQUIRED when it
 * is older than five minutes. Better Auth's `freshAge` counts from the session's creation only.
 */
export const recentProof = () =>
  ({
    id: "recent-proof",
    init: () => ({
      options: {
        databaseHooks: {
          session: {
            create: {
              // R-M7 asks the password of whoever has one: a passkey's sign-in is not that proof.
              before: async (session, ctx) =>
                ctx?.path === "/passkey/verify-authentication"
                  ? { data: { ...session, authTime: null } }
                  : undefined,
            },
          },
        },
      },
    }),
    endpoints: {
      reauthenticate: createAuthEndpoint(
        "/reauthenticate",
        { method: "POST", use: [sessionMiddleware] },
        async (ctx) => {
          const { session } = ctx.context.session;
          // Throws INVALID_PASSWORD (400), worded with its field by credential-rules.ts.
          await ctx.context.password.checkPassword(session.userId, ctx);
          await getDb()
            .update(schema.session)
            .set({ authTime: new Date() })
            .where(eq(schema.session.id, session.id));
          return ctx.json({ status: true });
        },
      ),
    },
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path !== undefined && GUARDED_PATHS.has(ctx.path),
          handler: createAuthMiddleware(async (ctx) => {
            const current = await getSessionFromCtx(ctx);
            // No session: the endpoint itself answers 401.
            if (!current) return;
            const authTime = await authTimeOf(current.session.id);
            const oldest = Date.now() - RECENT_PROOF_SECONDS * 1000;
            if (!authTime || authTime.getTime() < oldest) {
              throw new APIError("FORBIDDEN", reauthenticationRequired);
            }
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin;
