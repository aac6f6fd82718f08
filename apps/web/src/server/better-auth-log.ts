import "server-only";
import { logger } from "./logger.ts";

const CLIENT_REFUSALS =
  /^(invalid (password|email|origin|callbackurl|redirecturl|errorcallbackurl|newusercallbackurl)|(reset password: )?user not found|password not found|password is too (short|long)|blocked cross-site|failed to verify (authentication|registration))/i;

/** PostgreSQL's SQLSTATE for a unique constraint refusing a row. */
const UNIQUE_VIOLATION = "23505";

/**
 * Better Auth's warnings and errors in our JSON log, arguments reduced to error names and
 * codes (a failed query's message lists its parameters) and messages cut short.
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
  // Refusals of client input are ordinary (auth-events.ts logs them); not at error level.
  const quiet = CLIENT_REFUSALS.test(message);
  // A unique violation lost a race two requests ran (one email signed up twice at once):
  // answered as a conflict, so anyone could otherwise write error lines at will.
  const lostRace = errors.some((error) => error.code === UNIQUE_VIOLATION);
  const logged = quiet ? "debug" : lostRace && level === "error" ? "info" : level;
  logger()[logged]({ source: "better-auth", errors }, message.slice(0, 200));
}
