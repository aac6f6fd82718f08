import "server-only";
import { createHash } from "node:crypto";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { messages, requestPasswordResetSchema } from "../../lib/credentials.ts";
import { logger } from "../logger.ts";
import { mailDelivery } from "../mail.ts";
import { countAttempt, type ThrottleRule } from "../throttle.ts";

/**
 * Forgotten passwords (SPEC R-S4, R-S5; decision 033) on Better Auth's endpoint: 503 without
 * mail, limited per email as well as per client, and the same answer whether or not the
 * account exists. Only the newest link works (migration 0008).
 */

export const RESET_NOT_AVAILABLE = {
  code: "RESET_NOT_AVAILABLE",
  message: "Password reset by email is not available here. Ask the site's operator for help.",
} as const;

/** The throttle key of an email address: a digest, so the table holds no addresses. */
const emailKey = (email: string) =>
  `password-reset-email:${createHash("sha256").update(email).digest("base64url")}`;

const isRequest = (path: string | undefined) => path === "/request-password-reset";

export const passwordResetRules = (perEmail: ThrottleRule) =>
  ({
    id: "password-reset-rules",
    hooks: {
      before: [
        {
          matcher: (ctx) => isRequest(ctx.path),
          handler: createAuthMiddleware(async (ctx) => {
            if (mailDelivery() === "unavailable") {
              throw new APIError("SERVICE_UNAVAILABLE", RESET_NOT_AVAILABLE);
            }
            // credential-rules.ts refused a bad body already; this is the checked address.
            const checked = requestPasswordResetSchema.safeParse(ctx.body);
            if (!checked.success) return;
            const decision = await countAttempt(emailKey(checked.data.email), perEmail);
            if (decision.allowed) return;
            logger().warn({ event: "auth.throttled", action: "password-reset-email" }, "too many");
            // Worded like Better Auth's own 429 by route.ts's guard (auth-route.ts).
            throw new APIError("TOO_MANY_REQUESTS", undefined, {
              "retry-after": String(decision.retryAfterSeconds),
            });
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => isRequest(ctx.path),
          handler: createAuthMiddleware(async (ctx) => {
            if (isAPIError(ctx.context.returned)) return;
            return ctx.json({ status: true, message: messages.resetRequested });
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin;
