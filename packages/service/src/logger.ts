/** The services' logger (R-O5): pino with `redact` for secret fields. */
import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger } from "pino";

export const CENSOR = "[redacted]";

/** Field names whose values never reach a log, as they are written. */
const SECRET_FIELDS = [
  "authorization",
  "Authorization",
  "cookie",
  "Cookie",
  '["set-cookie"]',
  "password",
  "currentPassword",
  "newPassword",
  "token",
  "secret",
];
/** Named paths, not wildcards, which cost more per line. */
const HOLDERS = ["", "headers", "body", "err", "user", "session"];
const REDACT_PATHS = HOLDERS.flatMap((holder) =>
  SECRET_FIELDS.map((name) =>
    holder === "" ? name : name.startsWith("[") ? `${holder}${name}` : `${holder}.${name}`,
  ),
);

/** A logger writing to `destination` (stdout by default), secrets redacted. */
export function createLogger(
  { service, level }: { service: string; level: string },
  destination: DestinationStream = stdout(),
): Logger {
  return pino(
    { level, base: { service }, redact: { paths: REDACT_PATHS, censor: CENSOR } },
    destination,
  );
}

function stdout() {
  const destination = pino.destination({ dest: 1, sync: true });
  // Synchronous: an asynchronous flush on exit retries forever into a closed pipe.
  destination.on("error", () => {});
  return destination;
}

/** An error as it may be logged (R-O5): name, code and message, without query parameters or `detail`. */
export function describeError(error: unknown): { name: string; code?: string; message: string } {
  if (!(error instanceof Error)) return { name: "NonError", message: String(error).slice(0, 200) };
  const message = error.message.split("\nparams:")[0]?.slice(0, 500) ?? "";
  const cause =
    error.cause instanceof Error ? ` (cause: ${describeError(error.cause).message})` : "";
  return { name: error.name, code: errorCode(error), message: `${message}${cause}` };
}

function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^([0-9A-Z]{5}|E[A-Z_]+)$/.test(code)) return code;
    current = current.cause;
  }
  return undefined;
}
