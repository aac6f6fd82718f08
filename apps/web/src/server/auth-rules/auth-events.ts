import "server-only";
import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware, getIP, isAPIError } from "better-auth/api";
import { logger } from "../logger.ts";

/** The endpoints whose outcome is logged, by the event name of their log line. */
const EVENTS: Record<string, string> = {
  "/sign-up/email": "auth.sign-up",
  "/sign-in/email": "auth.sign-in",
  "/sign-out": "auth.sign-out",
  "/change-password": "auth.change-password",
  "/delete-user": "auth.delete-user",
  "/request-password-reset": "auth.request-password-reset",
  "/reset-password": "auth.reset-password",
  "/revoke-session": "auth.revoke-session",
  "/revoke-sessions": "auth.revoke-sessions",
  "/revoke-other-sessions": "auth.revoke-other-sessions",
  "/two-factor/verify-totp": "auth.second-step",
  "/two-factor/verify-backup-code": "auth.second-step",
};

/** A right password of a person with two-step verification is not yet a sign-in (R-M2). */
const asksSecondStep = (returned: unknown) =>
  typeof returned === "object" && returned !== null && "twoFactorRedirect" in returned;

/** One log line per account event (SPEC R-O5); never an email, password, token or cookie. */
export const authEvents = () =>
  ({
    id: "auth-events",
    hooks: {
      after: [
        {
          matcher: (ctx) => ctx.path !== undefined && ctx.path in EVENTS,
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned;
            const status = isAPIError(returned) ? returned.statusCode : 200;
            const client = ctx.headers ? getIP(ctx.headers, ctx.context.options) : null;
            const event = asksSecondStep(returned)
              ? "auth.sign-in.second-factor-required"
              : EVENTS[ctx.path];
            const outcome = status < 400 ? "success" : "failure";
            logger().info({ event, outcome, status, client }, event);
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin;
