import "server-only";
import type { BetterAuthPlugin } from "better-auth";

/** The security log and security mail (R-M9, R-M10), written by hooks around Better Auth. */
export const securityLog = () =>
  ({
    id: "security-log",
  }) satisfies BetterAuthPlugin;
