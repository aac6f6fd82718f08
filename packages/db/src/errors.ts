/** A failure to open a connection, whatever the cause; `cause` is the driver's error (R-O3: 503). */
export class DatabaseConnectionError extends Error {
  override name = "DatabaseConnectionError";
  constructor(cause: unknown) {
    super(
      `Could not connect to the database: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

const unavailableCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "57P04", // database_dropped
  "53300", // too_many_connections
  "08000", // connection_exception
  "08001",
  "08003",
  "08004",
  "08006",
]);

const unavailableMessages = [
  "Connection terminated", // also "... unexpectedly"
  "timeout exceeded when trying to connect",
  "Query read timeout",
  "Client has encountered a connection error",
  "Too many connections",
];

/** Whether `error` (or one it wraps) means the database is unreachable: 503 with Retry-After (R-O3). */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof DatabaseConnectionError) return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && unavailableCodes.has(code)) return true;
    const { message } = current;
    if (unavailableMessages.some((text) => message.includes(text))) return true;
    current = current.cause;
  }
  return false;
}

/** The PostgreSQL SQLSTATE of an error, looking through wrappers such as Drizzle's. */
export function postgresErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = current.cause;
  }
  return undefined;
}
