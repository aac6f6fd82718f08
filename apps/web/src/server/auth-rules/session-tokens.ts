import "server-only";
import { schema } from "@tasks/db";
import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware, isAPIError } from "better-auth/api";
import { eq } from "drizzle-orm";
import { getDb } from "../db.ts";

/** Session tokens stay on the server (decision 032); list-sessions gives ids as `token`. */

type Answer = Record<string, unknown>;

const withoutToken = ({ token: _token, ...rest }: Answer) => rest;

const STRIP: Record<string, (answer: Answer) => unknown> = {
  "/get-session": (answer) => ({ ...answer, session: withoutToken(answer.session as Answer) }),
  "/list-sessions": (answer) =>
    (answer as unknown as Answer[]).map((session) => ({ ...session, token: session.id })),
  "/sign-in/email": withoutToken,
  "/sign-up/email": withoutToken,
  "/change-password": withoutToken,
  "/two-factor/verify-totp": withoutToken,
  "/two-factor/verify-backup-code": withoutToken,
  "/passkey/verify-authentication": (answer) => ({
    ...answer,
    session: withoutToken(answer.session as Answer),
  }),
};

/** The token of the session `handle` names (its id, as list-sessions gave it), or `handle`. */
async function tokenOf(handle: string): Promise<string> {
  const [row] = await getDb()
    .select({ token: schema.session.token })
    .from(schema.session)
    .where(eq(schema.session.id, handle))
    .limit(1);
  return row?.token ?? handle;
}

export const sessionTokens = () =>
  ({
    id: "session-tokens",
    hooks: {
      before: [
        {
          // Better Auth then ends that session only if it is the signed-in person's own.
          matcher: (ctx) => ctx.path === "/revoke-session",
          handler: createAuthMiddleware(async (ctx) => {
            const handle = (ctx.body as { token?: unknown } | undefined)?.token;
            if (typeof handle !== "string") return;
            return { context: { body: { token: await tokenOf(handle) } } };
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path !== undefined && ctx.path in STRIP,
          handler: createAuthMiddleware(async (ctx) => {
            const answer = ctx.context.returned;
            if (!answer || typeof answer !== "object" || isAPIError(answer)) return;
            // What an after-hook returns replaces the answer; status and cookies stay.
            return (STRIP[ctx.path] as (answer: Answer) => unknown)(answer as Answer);
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin;
