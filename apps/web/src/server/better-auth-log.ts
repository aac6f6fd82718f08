import "server-only";
import { logger } from "./logger.ts";

const CLIENT_REFUSALS =
  /^(invalid (password|email|origin|callbackurl|redirecturl|errorcallbackurl|newusercallbackurl)|(reset password: )?user not found|password not found|password is too (short|long)|blocked cross-site)/i;

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
  // Refusals of what a client sent (a wrong password, another site's origin, an unknown
  // email for a reset) are ordinary, logged by auth-events.ts or the request line; at error
  // level anyone could fill the log with them.
  const quiet = CLIENT_REFUSALS.test(message);
  logger()[quiet ? "debug" : level]({ source: "better-auth", errors }, message.slice(0, 200));
}
