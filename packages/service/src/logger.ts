/**
 * The services' one logger factory (SPEC R-O5): JSON lines on stdout (pino), with every
 * field that could hold a secret redacted wherever it sits (redaction.ts).
 */
import { type Logger, pino } from "pino";
import { redactSecrets } from "./redaction.ts";

export type { Logger } from "pino";

/** A batch is written at once when it reaches this size, whatever the turn. */
const MAX_BATCH_CHARS = 64 * 1024;

/**
 * Standard output, written once per turn of the event loop rather than once per line:
 * under load a turn finishes many requests, and each write is a system call (one per
 * request was a tenth of a list request's CPU time: docs/benchmarks.md). Node's own
 * stdout writes files and pipes synchronously and drops output whose reader has gone
 * away (pino's default writer would retry forever on exit), so what is pending is
 * written on exit too, and a SIGTERM still ends the process.
 */
function batchedStdout() {
  let pending = "";
  let scheduled = false;
  const flush = (done?: (error?: Error) => void) => {
    scheduled = false;
    if (pending !== "") {
      const batch = pending;
      pending = "";
      process.stdout.write(batch);
    }
    done?.(); // pino's logger.flush(callback)
  };
  // A reader that went away (EPIPE) must not crash the process: the lines are lost, that is all.
  process.stdout.on("error", () => {});
  process.on("exit", () => flush());
  return {
    write(line: string) {
      pending += line;
      if (pending.length >= MAX_BATCH_CHARS) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(() => flush());
      }
    },
    flush,
  };
}

export interface LoggerOptions {
  /** `web` or `api`: the `service` field of every line. */
  service: string;
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  level: string;
}

/**
 * A logger writing JSON lines to `destination` (stdout, batched, by default), secrets
 * redacted from every line's fields and every child logger's bindings (redaction.ts).
 */
export function createLogger(
  { service, level }: LoggerOptions,
  destination: { write(line: string): void } = batchedStdout(),
): Logger {
  const logger = pino(
    { level, base: { service }, formatters: { log: redactSecrets } },
    destination,
  );
  // pino writes a child's bindings once, when they are given, past `formatters.log`: they
  // are redacted here. Children inherit these two from the root, through their prototype.
  const { child, setBindings } = logger;
  logger.child = function redactedChild(this: Logger, bindings, options) {
    return child.call(this, redactSecrets(bindings), options);
  } as Logger["child"];
  logger.setBindings = function redactedBindings(this: Logger, bindings) {
    setBindings.call(this, redactSecrets(bindings));
  };
  return logger;
}

/**
 * An error as it may be logged (SPEC R-O5): its name, its code (a SQLSTATE or a Node
 * error code) and its message, without the query parameters Drizzle appends to its
 * messages or the `detail` PostgreSQL adds (both can hold task text, email addresses or
 * password hashes), and with the causes' messages likewise.
 */
export function describeError(error: unknown): { name: string; code?: string; message: string } {
  if (!(error instanceof Error)) return { name: "NonError", message: String(error).slice(0, 200) };
  const message = error.message.split("\nparams:")[0]?.slice(0, 500) ?? "";
  const cause =
    error.cause instanceof Error ? ` (cause: ${describeError(error.cause).message})` : "";
  return { name: error.name, code: errorCode(error), message: `${message}${cause}` };
}

/** The first `code` along the cause chain: a SQLSTATE (`23505`) or a Node code (`ECONNRESET`). */
function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^([0-9A-Z]{5}|E[A-Z_]+)$/.test(code)) return code;
    current = current.cause;
  }
  return undefined;
}
