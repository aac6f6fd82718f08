/**
 * JSON logs (pino). Request logs carry method, route path, status and duration: never
 * headers, query strings or bodies, so tokens and personal data cannot end up in them.
 */
import { pino } from "pino";

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
export function batchedStdout() {
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

export function createLogger(level: string) {
  return pino(
    {
      level,
      base: { service: "api" },
      redact: {
        paths: ["*.authorization", "*.cookie", "*.password", "*.token"],
        censor: "[redacted]",
      },
    },
    batchedStdout(),
  );
}
