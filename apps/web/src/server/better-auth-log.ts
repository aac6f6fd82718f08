import "server-only";
import { logger } from "./logger.ts";

/**
 * Better Auth's own messages (warnings and errors), into our JSON log. Its arguments are
 * reduced to error names and codes: a failed query's message lists its parameters, which
 * can include an email address or a password hash. Its messages can quote what a client
 * sent (an origin, a URL), so they are cut short.
 */
export function logBetterAuth(
  level: "debug" | "info" | "warn" | "error",
  message: string,
  ...args: unknown[]
) {
  const errors = args
    .filter((arg): arg is Error => arg instanceof Error)
    .map((error) => ({
      name: error.name,
      code: (error as { code?: unknown }).code ?? (error.cause as { code?: unknown })?.code,
    }));
  // "Invalid password" and the like are ordinary failed sign-ins, logged by auth-events.ts;
  // a reset asked for an unknown email is ordinary too, and not to be told apart.
  const quiet = level === "warn" && /invalid (password|email)|user not found/i.test(message);
  logger()[quiet ? "debug" : level]({ source: "better-auth", errors }, message.slice(0, 200));
}
